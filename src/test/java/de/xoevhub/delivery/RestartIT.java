package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalClient;
import de.xoevhub.PortalPki;
import de.xoevhub.QueueProbe;
import de.xoevhub.XoevHubApplication;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Store and forward across a restart: messages accepted while the pipeline is stopped sit durably on hub.inbox;
 * after the hub is stopped and started again on the same data directory, each is delivered exactly once.
 */
class RestartIT {

    private static final int MESSAGES = 25;

    private final Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-restart-");
    private final int vmId = 200_000 + (int) (Math.random() * 100_000);

    RestartIT() throws Exception {
    }

    @Test
    void acceptedMessagesOnTheInboxAreDeliveredExactlyOnceAfterARestart() throws Exception {
        Set<String> accepted = new HashSet<>();
        try (ConfigurableApplicationContext hub = start()) {
            hub.getBean(CamelContext.class).getRouteController().stopRoute("inbox-router");
            int port = hub.getEnvironment().getProperty("local.server.port", Integer.class);
            PortalClient portal = new PortalClient(port);
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < MESSAGES; i++) {
                HttpResponse<String> r = portal.postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "restart:" + i));
                assertThat(r.statusCode()).isEqualTo(202);
                accepted.add(json.readTree(r.body()).get("id").asText());
            }
            Ledger ledger = hub.getBean(Ledger.class);
            assertThat(accepted).allSatisfy(id ->
                    assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.ACCEPTED));
        }

        try (ConfigurableApplicationContext hub = start()) {
            Set<String> delivered = new HashSet<>();
            int received = 0;
            ActiveMQConnectionFactory cf = hub.getBean("brokerConnectionFactory", ActiveMQConnectionFactory.class);
            try (QueueProbe fv = new QueueProbe(cf, "fv.restart-check", null)) {
                for (QueueProbe.Received r : fv.drain(10_000)) {
                    received++;
                    delivered.add(r.property("hubMessageId"));
                }
            }
            assertThat(received).as("deliveries, duplicates included").isEqualTo(MESSAGES);
            assertThat(delivered).isEqualTo(accepted);
            Ledger ledger = hub.getBean(Ledger.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accepted).allSatisfy(id ->
                    assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED)));
        }
    }

    private ConfigurableApplicationContext start() {
        PortalPki.writeTo(dataDir); // routing-it.yaml names the portals' trust anchor under the data directory
        return new SpringApplicationBuilder(XoevHubApplication.class).run(
                "--server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.broker.port=" + HubIT.freePort(),
                "--hub.broker.vm-id=" + vmId,
                "--hub.broker.name=xoev-hub-restart-" + vmId,
                "--hub.routing-file=src/test/resources/routing-it.yaml",
                "--camel.main.name=xoev-hub-restart");
    }
}
