package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.SftpTestServer;
import de.xoevhub.ZipEntries;
import de.xoevhub.seal.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Delivery to an SFTP destination (a DMS inbox) on a real SFTP server (Apache MINA SSHD in the test JVM), with host
 * key checking: the sealed copy arrives under a name derived from the hub id, written under a temporary name and
 * renamed, with a done-file; an unreachable server is retried and, if it stays down, the copy ends on hub.dlq as
 * FAILED, without holding up the queue destination of the same message. A DMS destination gets the same transport
 * with an xdomea package inside the seal.
 */
class SftpHandoverIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    EmbeddedActiveMQ embedded;

    @Autowired
    CamelContext camel;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void routeIsUp() {
        assertThat(camel.getRouteController().getRouteStatus("sftp-handover-dms-sftp")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void sealedCopyIsRenamedIntoPlaceWithADoneFileAndOpensslOpensIt() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "sftp:dms-1");
            String id = accept(body);
            JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
            assertThat(status.get("laufzettel").findValuesAsText("outcome")).containsSubsequence("ROUTED", "HANDED_OVER",
                    "DELIVERED");
            assertThat(last(status).get("detail").asText()).contains("destination=dms-sftp").contains(id + ".p7m");

            assertThat(names(sftp.inbox())).containsExactlyInAnyOrder(id + ".p7m", id + ".p7m.done");
            Path pki = DATA_DIR.resolve("pki");
            assertThat(Openssl.unseal(sftp.inbox().resolve(id + ".p7m"), pki.resolve("demo-recipient.crt"),
                    pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), Files.createTempDirectory(DATA_DIR, "o-")))
                    .isEqualTo(body);
        }
    }

    @Test
    void dmsDestinationGetsASealedXdomeaPackageWithTheSubmissionAsPrimaerdokument() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "dms:09162000");
            String id = accept(body);
            JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
            assertThat(status.get("laufzettel").findValuesAsText("detail").toString())
                    .contains("package=xdomea Abgabe.Abgabe.0401");
            String file = id + "_Abgabe.Abgabe.0401.zip.p7m";
            assertThat(names(sftp.inbox())).containsExactly(file);

            Path pki = DATA_DIR.resolve("pki");
            byte[] zip = Openssl.unseal(sftp.inbox().resolve(file), pki.resolve("demo-recipient.crt"),
                    pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), Files.createTempDirectory(DATA_DIR, "o-"));
            var entries = ZipEntries.of(zip);
            assertThat(entries.keySet()).containsExactly(id + "_Abgabe.Abgabe.0401.xml", id + "_nachricht.xml");
            assertThat(entries.get(id + "_nachricht.xml")).isEqualTo(body);
            String xdomea = new String(entries.get(id + "_Abgabe.Abgabe.0401.xml"), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xdomea).contains("<xdomea:ProzessID>" + id + "</xdomea:ProzessID>").contains("<code>09162000</code>");
        }
    }

    @Test
    void serverThatIsDownIsRetriedAndTheCopyArrivesWhenItIsBack() throws Exception {
        slowRetries(embedded, "hub.handover.dms-sftp");
        try {
            String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "sftp:dms-2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(id).contains("RETRY"));
            assertThat(status(DEMO_TOKEN, id).get("state").asText()).isEqualTo("ROUTED");
            try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
                awaitState(DEMO_TOKEN, id, "DELIVERED");
                assertThat(names(sftp.inbox())).contains(id + ".p7m");
            }
        } finally {
            embedded.getActiveMQServer().getAddressSettingsRepository().removeMatch("hub.handover.dms-sftp");
        }
    }

    @Test
    void serverThatStaysDownEndsOnTheDeadLetterQueueWithoutHoldingUpTheQueueDestination() throws Exception {
        String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "fanout:1"));
        try (QueueProbe fv = new QueueProbe(broker, "fv.fanout-queue", "hubMessageId = '" + id + "'")) {
            assertThat(fv.receive(10_000)).as("the queue destination got its copy at once").isNotNull();
        }
        JsonNode failed = awaitState(DEMO_TOKEN, id, "FAILED");
        assertThat(failed.get("reason").asText()).isNotBlank();
        assertThat(failed.get("laufzettel").findValuesAsText("outcome")).containsSubsequence("DELIVERED", "HANDED_OVER",
                "RETRY", "FAILED");
        JsonNode last = failed.get("laufzettel").get(failed.get("laufzettel").size() - 1);
        assertThat(last.get("detail").asText()).as("the Laufzettel says FAILED for that destination")
                .startsWith("destination=dms-sftp attempt 3 of 3");
        try (QueueProbe dlq = new QueueProbe(broker, "hub.dlq", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received dead = dlq.receive(10_000);
            assertThat(dead).isNotNull();
            assertThat(dead.property("_AMQ_ORIG_ADDRESS")).isEqualTo("hub.handover.dms-sftp");
        }
    }

    /**
     * More attempts, further apart, for this one handover queue: time to bring the server back. (The ledger marks
     * FAILED at hub.broker.max-delivery-attempts, so the setting is taken away again after the test.)
     */
    static void slowRetries(EmbeddedActiveMQ embedded, String queue) {
        AddressSettings s = new AddressSettings().setDeadLetterAddress(
                org.apache.activemq.artemis.api.core.SimpleString.of("hub.dlq")).setMaxDeliveryAttempts(20)
                .setRedeliveryDelay(500).setRedeliveryMultiplier(1).setAutoCreateQueues(true)
                .setAutoCreateAddresses(true);
        embedded.getActiveMQServer().getAddressSettingsRepository().addMatch(queue, s);
    }

    private List<String> outcomes(String id) throws Exception {
        return status(DEMO_TOKEN, id).get("laufzettel").findValuesAsText("outcome");
    }

    private static JsonNode last(JsonNode status) {
        return status.get("laufzettel").get(status.get("laufzettel").size() - 1);
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
