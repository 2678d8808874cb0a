package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalClient;
import de.xoevhub.PortalPki;
import de.xoevhub.QueueProbe;
import de.xoevhub.SftpTestServer;
import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crash in the middle of a fan-out: the hub runs as its own process, delivers the queue copy of a message whose
 * SFTP destination is down, and is killed with SIGKILL while the upload is being retried. After a restart on the
 * same data directory, with the SFTP server back, each destination holds exactly one copy.
 */
class FanOutCrashIT {

    private final Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-crash-");
    private final int httpPort = HubIT.freePort();
    private final int brokerPort = HubIT.freePort();
    private final int sftpPort = HubIT.freePort();
    private final int vmId = 400_000 + (int) (Math.random() * 100_000);
    private final ObjectMapper json = new ObjectMapper();
    private Process hub;

    FanOutCrashIT() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
    }

    @Test
    void killedBetweenTheQueueCopyAndTheUploadEachDestinationEndsWithOneCopy() throws Exception {
        SftpTestServer.prepare(dataDir.resolve("sftp"), sftpPort);
        PortalPki.writeTo(dataDir);
        hub = start("first");
        PortalClient portal = new PortalClient(httpPort);
        var response = portal.postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "fanout:crash"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();

        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> onQueue(broker, id) == 1
                && status(portal, id).get("laufzettel").findValuesAsText("outcome").contains("RETRY"));
        assertThat(status(portal, id).get("state").asText()).isEqualTo("ROUTED");

        hub.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (SftpTestServer sftp = SftpTestServer.start(sftpPort, dataDir.resolve("sftp-root"))) {
            hub = start("second");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(status(portal, id).get("state").asText()).isEqualTo("DELIVERED"));
            JsonNode status = status(portal, id);
            assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
            assertThat(files(sftp.inbox())).containsExactlyInAnyOrder(id + ".p7m", id + ".p7m.done");
            try (QueueProbe fv = new QueueProbe(broker, "fv.fanout-queue", "hubMessageId = '" + id + "'")) {
                assertThat(fv.drain(2_000)).as("exactly one copy on the queue destination").hasSize(1);
            }
        }
    }

    private Process start(String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "de.xoevhub.XoevHubApplication",
                "--server.port=" + httpPort, "--hub.data-dir=" + dataDir, "--hub.broker.port=" + brokerPort,
                "--hub.broker.vm-id=" + vmId, "--hub.broker.name=xoev-hub-crash-" + vmId,
                "--hub.routing-file=src/test/resources/routing-it.yaml", "--hub.test.sftp-port=" + sftpPort,
                "--camel.main.name=xoev-hub-crash", "--hub.broker.max-delivery-attempts=100",
                "--hub.broker.redelivery-delay-ms=300", "--hub.broker.max-redelivery-delay-ms=300"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("hub-" + name + ".log").toFile()).start();
        PortalClient probe = new PortalClient(httpPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("the hub process is running (see " + dataDir + "/hub-" + name + ".log)").isTrue();
            return probe.get(null, "/actuator/health/readiness").statusCode() == 200;
        });
        return p;
    }

    private JsonNode status(PortalClient portal, String id) throws Exception {
        return json.readTree(portal.get(HubIT.DEMO_TOKEN, "/api/v1/submissions/" + id).body());
    }

    /** Copies of the message waiting on the queue destination, counted without taking them. */
    private static int onQueue(ActiveMQConnectionFactory broker, String id) throws Exception {
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue("fv.fanout-queue"),
                    "hubMessageId = '" + id + "'")) {
                return Collections.list(browser.getEnumeration()).size();
            }
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
