package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A handover that keeps failing is retried, then moved to hub.dlq with its reason, and the Laufzettel says
 * FAILED. The failure is woven into the inbox-router route by id and hits only messages whose leser starts with
 * "fail:", so the shared hub keeps working for the other tests.
 */
class PipelineFailureIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    Ledger ledger;

    @Autowired
    Laufzettel laufzettel;

    @Test
    void failingHandoverEndsOnTheDeadLetterQueueAsFailed() throws Exception {
        AdviceWith.adviceWith(camel, "inbox-router", route -> route.weaveByToUri("jms:queue:fv.*").before()
                .process(exchange -> {
                    String leser = exchange.getMessage().getHeader("leser", String.class);
                    if (leser != null && leser.startsWith("fail:")) {
                        throw new IOException("Fachverfahren queue refused the message");
                    }
                }));
        // the supervising route controller leaves a re-added route stopped
        if (!camel.getRouteController().getRouteStatus("inbox-router").isStarted()) {
            camel.getRouteController().startRoute("inbox-router");
        }
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("inbox-router").whenDone(1).create();

        var response = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "fail:1"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();

        assertThat(failed.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try (QueueProbe dlq = new QueueProbe(broker, "hub.dlq", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received dead = dlq.receive(20_000);
            assertThat(dead).isNotNull();
            assertThat(dead.property("hubReason")).contains("IOException").contains("refused");
            assertThat(dead.body()).isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.FAILED));
        assertThat(laufzettel.events(id)).extracting(LaufzettelEvent::outcome).contains("ROUTED", "FAILED")
                .doesNotContain("DELIVERED");
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            assertThat(fv.receive(1_000)).as("nothing reached the Fachverfahren").isNull();
        }
    }
}
