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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A step that fails AFTER the copy for the Fachverfahren was sent rolls the whole transaction back: the copy is
 * never committed. The broker redelivers (3 attempts in the tests), then moves the message to hub.dlq, and the
 * Laufzettel shows each retry and the final FAILED. The failure is woven into the inbox-router route by id and
 * hits only messages whose leser starts with "fail:", so the shared hub keeps working for the other tests.
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
    void failureAfterTheSendRollsBackAndEndsOnTheDeadLetterQueueAsFailed() throws Exception {
        AdviceWith.adviceWith(camel, "inbox-router", route -> route.weaveByToUri("jms:queue:fv.*").after()
                .process(exchange -> {
                    String leser = exchange.getMessage().getHeader("leser", String.class);
                    if (leser != null && leser.startsWith("fail:")) {
                        throw new IOException("recording the handover failed");
                    }
                }));
        // the supervising route controller leaves a re-added route stopped
        if (!camel.getRouteController().getRouteStatus("inbox-router").isStarted()) {
            camel.getRouteController().startRoute("inbox-router");
        }

        var response = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "fail:1"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();

        try (QueueProbe dlq = new QueueProbe(broker, "hub.dlq", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received dead = dlq.receive(30_000);
            assertThat(dead).as("dead-lettered by the broker").isNotNull();
            assertThat(dead.property("_AMQ_ORIG_ADDRESS")).isEqualTo("hub.inbox");
            assertThat(dead.body()).isEqualTo(DemoMessages.antrag(
                    dead.property("nachrichtenUUID"), "fail:1"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.FAILED));
        assertThat(ledger.find(id).orElseThrow().reason()).contains("recording the handover failed");
        assertThat(laufzettel.events(id)).extracting(LaufzettelEvent::outcome)
                .containsSubsequence("ROUTED", "RETRY", "ROUTED", "RETRY", "ROUTED", "FAILED");
        assertThat(laufzettel.events(id).get(laufzettel.events(id).size() - 1).detail())
                .contains("attempt 3 of 3: IOException");
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            assertThat(fv.receive(1_000)).as("the rolled-back copy never reached the Fachverfahren").isNull();
        }
    }
}
