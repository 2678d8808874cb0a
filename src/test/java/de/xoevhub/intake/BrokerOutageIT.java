package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalClient;
import de.xoevhub.PortalPki;
import de.xoevhub.QueueProbe;
import de.xoevhub.SftpTestServer;
import de.xoevhub.XoevHubApplication;
import de.xoevhub.broker.BrokerProperties;
import de.xoevhub.broker.EmbeddedBroker;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * With its external broker unreachable the hub refuses submissions with 503 and Retry-After instead of
 * accepting what it cannot persist, and reports itself not ready. Once the broker is up, the portal's retry is
 * accepted and delivered, without restarting the hub. An SFTP file stays in its outbox meanwhile, as one submission,
 * and its name (personal data, often) is not logged.
 */
class BrokerOutageIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void refusesWith503WhileTheBrokerIsDownAndRecoversWhenItReturns() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-outage-");
        int brokerPort = HubIT.freePort();
        int vmId = 300_000 + (int) (Math.random() * 100_000);
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(XoevHubApplication.class).run(
                "--server.port=0", "--hub.data-dir=" + dir.resolve("hub"), "--hub.broker.embedded=false",
                "--hub.broker.url=tcp://127.0.0.1:" + brokerPort + "?callTimeout=5000",
                "--camel.main.name=xoev-hub-outage")) {
            PortalClient portal = new PortalClient(hub.getEnvironment().getProperty("local.server.port", Integer.class));
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09000009");

            HttpResponse<String> refused = portal.postXml(body);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:broker-unavailable");
            String id = problem.get("id").asText();
            Ledger ledger = hub.getBean(Ledger.class);
            assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.FAILED);
            assertThat(portal.get(null, "/actuator/health/readiness").statusCode()).isEqualTo(503);

            EmbeddedActiveMQ broker = startBroker(dir.resolve("broker"), brokerPort, vmId);
            try {
                HttpResponse<String> retried = portal.postXml(body);
                assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
                assertThat(json.readTree(retried.body()).get("id").asText()).isEqualTo(id);

                ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                try (QueueProbe fv = new QueueProbe(cf, "fv.demo", "hubMessageId = '" + id + "'")) {
                    assertThat(fv.receive(60_000)).as("delivered after the broker returned").isNotNull();
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(portal.get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200));
            } finally {
                broker.stop();
            }
        }
    }

    @Test
    void aRepeatThatMeetsTheBrokerDownLeavesAnAcceptedSubmissionAccepted() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-outage-");
        int brokerPort = HubIT.freePort();
        int vmId = 400_000 + (int) (Math.random() * 100_000);
        EmbeddedActiveMQ broker = startBroker(dir.resolve("broker"), brokerPort, vmId);
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(XoevHubApplication.class).run(
                "--server.port=0", "--hub.data-dir=" + dir.resolve("hub"), "--hub.broker.embedded=false",
                "--hub.broker.url=tcp://127.0.0.1:" + brokerPort + "?callTimeout=5000",
                "--camel.main.name=xoev-hub-outage-repeat")) {
            PortalClient portal = new PortalClient(hub.getEnvironment().getProperty("local.server.port", Integer.class));
            CamelContext camel = hub.getBean(CamelContext.class);
            Ledger ledger = hub.getBean(Ledger.class);
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09000009");

            // accepted and waiting on hub.inbox: the pipeline is stopped
            camel.getRouteController().stopRoute("inbox-router");
            HttpResponse<String> accepted = portal.postXml(body);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = json.readTree(accepted.body()).get("id").asText();

            broker.stop();
            HttpResponse<String> repeated = portal.postXml(body);
            assertThat(repeated.statusCode()).as("the repeat's own send failed").isEqualTo(503);
            assertThat(ledger.find(id).orElseThrow().state()).as("the portal was told 202 before")
                    .isEqualTo(SubmissionState.ACCEPTED);
            assertThat(portal.get(HubIT.DEMO_TOKEN, "/api/v1/submissions/" + id + "/receipt").statusCode())
                    .as("its signed receipt").isEqualTo(200);

            broker = startBroker(dir.resolve("broker"), brokerPort, vmId);
            camel.getRouteController().startRoute("inbox-router");
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
            try (QueueProbe fv = new QueueProbe(cf, "fv.demo", "hubMessageId = '" + id + "'")) {
                assertThat(fv.receive(60_000)).as("delivered from the broker's journal").isNotNull();
                assertThat(fv.receive(2_000)).as("once").isNull();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED));
            assertThat(ledger.find(id).orElseThrow().reason()).isNull();
        } finally {
            broker.stop();
        }
    }

    @Test
    void anSftpFileWithoutNachrichtenUuidIsOneSubmissionHoweverManyPollsMeetTheBrokerDown() throws Exception {
        try (SftpOutage outage = SftpOutage.start("sftp")) {
            Path outbox = outage.outbox();
            Ledger ledger = outage.hub().getBean(Ledger.class);
            JdbcClient jdbc = outage.hub().getBean(JdbcClient.class);
            // no nachrichtenUUID, as an XRechnung invoice: each poll made a submission of its own, FAILED
            byte[] body = DemoMessages.withoutNachrichtenUuid();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            String name = "invoice-" + UUID.randomUUID() + ".xml";
            Files.write(outbox.resolve(name), body);
            Files.write(outbox.resolve(name + ".done"), new byte[0]);

            // the row is there before its send times out (1 s) and records the broker as unavailable
            await().atMost(Duration.ofSeconds(60)).until(() -> submissionsWith(jdbc, sha256).stream()
                    .anyMatch(s -> ledger.find(s).orElseThrow().brokerUnavailableAtIntake()));
            String id = submissionsWith(jdbc, sha256).get(0);
            Thread.sleep(6_000); // polls that meet the broker down again (each waits 1 s for it)
            assertThat(submissionsWith(jdbc, sha256)).as("one submission, not one per poll").containsExactly(id);
            assertThat(outbox.resolve(name)).as("left for a later poll").exists();

            EmbeddedActiveMQ broker = outage.startBroker();
            try {
                Path done = outbox.resolve(".done").resolve(name);
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done));
                assertThat(submissionsWith(jdbc, sha256)).as("accepted as the same submission").containsExactly(id);
                assertThat(ledger.find(id).orElseThrow().state()).isNotEqualTo(SubmissionState.FAILED);
            } finally {
                broker.stop();
            }
        }
    }

    @Test
    void theNamesOfSftpFilesAreNeverLoggedWhileTheBrokerIsDownNorWhenTheyAreTakenOrRefused() throws Exception {
        // file names in a portal's outbox may be personal data (ARCHITECTURE.md: no personal data in logs)
        String person = "Erika_Mustermann";
        List<ILoggingEvent> logged;
        try (SftpOutage outage = SftpOutage.start("names")) {
            Path outbox = outage.outbox();
            JdbcClient jdbc = outage.hub().getBean(JdbcClient.class);
            try (CapturedLogs logs = new CapturedLogs()) {
                byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09000009");
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                String name = "Antrag_" + person + "_4711.xml";
                Files.write(outbox.resolve(name), body);
                Files.write(outbox.resolve(name + ".done"), new byte[0]);

                await().atMost(Duration.ofSeconds(60)).until(() -> !submissionsWith(jdbc, sha256).isEmpty());
                Thread.sleep(6_000); // polls that meet the broker down again
                assertThat(outbox.resolve(name)).as("left for a later poll").exists();

                EmbeddedActiveMQ broker = outage.startBroker();
                try {
                    Path done = outbox.resolve(".done").resolve(name);
                    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done));

                    String refused = "Antrag_" + person + "_4712.xml";
                    Files.write(outbox.resolve(refused), Files.readAllBytes(DemoMessages.INVALID_SAMPLE));
                    Files.write(outbox.resolve(refused + ".done"), new byte[0]);
                    Path error = outbox.resolve(".error").resolve(refused);
                    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(error));
                    Thread.sleep(1_000); // the logs of the move
                } finally {
                    broker.stop();
                }
                logged = logs.events();
            }
        }
        assertThat(logged).isNotEmpty();
        assertThat(logged).allSatisfy(e ->
                assertThat(CapturedLogs.textOf(e)).as(e.getLoggerName()).doesNotContain(person));
        assertThat(logged).as("that a file stays for the next poll is logged, with its portal").anySatisfy(e -> {
            assertThat(e.getLoggerName()).startsWith("de.xoevhub");
            assertThat(e.getFormattedMessage()).contains("sftp-portal").contains("stays for the next poll");
        });
    }

    /** A hub whose broker is down (until {@link #startBroker()}), polling a portal's outbox on an SFTP server. */
    private record SftpOutage(Path dir, int brokerPort, int vmId, Path outbox, SftpTestServer sftp,
                              ConfigurableApplicationContext hub) implements AutoCloseable {

        static SftpOutage start(String name) throws Exception {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-outage-" + name + "-");
            int brokerPort = HubIT.freePort();
            int sftpPort = HubIT.freePort();
            int vmId = 500_000 + (int) (Math.random() * 200_000);
            SftpTestServer.prepare(dir.resolve("hub/sftp-intake"), sftpPort);
            PortalPki.writeTo(dir.resolve("hub"));
            Path root = Files.createDirectories(dir.resolve("sftp-root"));
            Path outbox = Files.createDirectories(root.resolve("outbox"));
            Files.createDirectories(root.resolve("readlock"));
            SftpTestServer sftp = SftpTestServer.start(sftpPort, root);
            try {
                ConfigurableApplicationContext hub = new SpringApplicationBuilder(XoevHubApplication.class).run(
                        "--server.port=0", "--hub.data-dir=" + dir.resolve("hub"), "--hub.broker.embedded=false",
                        "--hub.broker.url=tcp://127.0.0.1:" + brokerPort + "?callTimeout=5000",
                        "--hub.broker.send-timeout=1s",
                        "--hub.routing-file=src/test/resources/routing-it.yaml",
                        "--hub.schemas.paths=schemas,src/test/resources/bundles",
                        "--hub.test.sftp-intake-port=" + sftpPort,
                        "--camel.main.name=xoev-hub-outage-" + name, "--hub.cluster.name=outage-" + name + "-" + vmId);
                return new SftpOutage(dir, brokerPort, vmId, outbox, sftp, hub);
            } catch (RuntimeException e) {
                sftp.close();
                throw e;
            }
        }

        EmbeddedActiveMQ startBroker() throws Exception {
            return BrokerOutageIT.startBroker(dir.resolve("broker"), brokerPort, vmId);
        }

        @Override
        public void close() throws Exception {
            try {
                hub.close();
            } finally {
                sftp.close();
            }
        }
    }

    private static List<String> submissionsWith(JdbcClient jdbc, String sha256) {
        return jdbc.sql("SELECT id FROM submission WHERE sha256 = ?").param(sha256).query(String.class).list();
    }

    private static EmbeddedActiveMQ startBroker(Path data, int port, int vmId) throws Exception {
        return EmbeddedBroker.start(new BrokerProperties(true, null, "outage-broker-" + vmId,
                Path.of("config/artemis/broker.xml"), data, "127.0.0.1", port, vmId, null, null, 10, 1000, 60000, null, 0));
    }
}
