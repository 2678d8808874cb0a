package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalClient;
import de.xoevhub.SftpTestServer;
import de.xoevhub.XoevHubApplication;
import de.xoevhub.admin.ParkedMessages.Parked;
import de.xoevhub.admin.ParkedMessages.Place;
import de.xoevhub.admin.ParkedMessages.Result;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An SFTP destination removed from the routing table while a copy waited for it: its server did not answer, so the
 * broker held the copy back on hub.handover.retired for a redelivery. The hub started with the new table moves the
 * copy to hub.dlq and fails the submission with the reason, instead of leaving it ROUTED for good; a replay of the
 * copy is refused (and audited) while the destination is not configured, and a discard takes it.
 */
class RemovedDestinationIT {

    private final Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-removed-");
    private final int vmId = 500_000 + (int) (Math.random() * 100_000);
    /** Where the destination's SFTP server would listen: nothing does, so every upload fails. */
    private final int sftpPort = HubIT.freePort();
    private final ObjectMapper json = new ObjectMapper();

    RemovedDestinationIT() throws Exception {
    }

    @Test
    void aCopyWaitingForARemovedSftpDestinationGoesToTheDeadLetterQueueAndItsSubmissionFails() throws Exception {
        SftpTestServer.prepare(dataDir.resolve("sftp"), sftpPort);
        String id;
        try (ConfigurableApplicationContext hub = start(true)) {
            HttpResponse<String> posted = portal(hub).postXml(DemoMessages.antrag(UUID.randomUUID().toString(),
                    "retired:1"));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            id = json.readTree(posted.body()).get("id").asText();
            // the first upload failed: the broker holds the copy back for the redelivery delay (10 minutes here)
            await().atMost(Duration.ofSeconds(30)).until(() -> laufzettel(hub, id).contains("\"RETRY\""));
            assertThat(hub.getBean(Ledger.class).find(id).orElseThrow().state()).isEqualTo(SubmissionState.ROUTED);
        }

        try (ConfigurableApplicationContext hub = start(false)) {
            Submission failed = hub.getBean(Ledger.class).find(id).orElseThrow();
            assertThat(failed.state()).isEqualTo(SubmissionState.FAILED);
            assertThat(failed.reason()).isEqualTo("SFTP destination retired is no longer configured");
            assertThat(laufzettel(hub, id)).contains("destination=retired is no longer an SFTP destination")
                    .contains("the copies left on hub.handover.retired (1) went to hub.dlq");
            ParkedMessages parked = hub.getBean(ParkedMessages.class);
            assertThat(parked.list(Place.DLQ, 10, tenant -> true))
                    .extracting(Parked::hubMessageId, Parked::originalAddress)
                    .containsExactly(tuple(id, "hub.handover.retired"));
            assertThat(hub.getBean(QueueDepths.class).of("hub.handover.retired").orElseThrow().messages()).isZero();

            List<Result> replayed = parked.replay(Place.DLQ, List.of(id), "it-admin", "DMS back?", tenant -> true);
            assertThat(replayed).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo("FAILED");
                assertThat(r.detail()).contains("SFTP destination retired, which the routing table no longer has");
            });
            assertThat(hub.getBean(AuditLog.class).recent(new AuditLog.Filter(10, id, "REPLAY", null, null)))
                    .extracting(AuditLog.Action::outcome).containsExactly("FAILED");
            assertThat(laufzettel(hub, id)).contains("REPLAY_FAILED");
            assertThat(parked.list(Place.DLQ, 10, tenant -> true)).as("still parked").hasSize(1);
            assertThat(hub.getBean(QueueDepths.class).of("hub.handover.retired").orElseThrow().messages()).isZero();

            assertThat(parked.discard(Place.DLQ, List.of(id), "it-admin", "DMS retired", tenant -> true))
                    .extracting(Result::outcome).containsExactly("DISCARDED");
            assertThat(hub.getBean(Ledger.class).find(id).orElseThrow().state()).isEqualTo(SubmissionState.DISCARDED);
        }
    }

    private String laufzettel(ConfigurableApplicationContext hub, String id) throws Exception {
        JsonNode status = json.readTree(portal(hub).get(HubIT.DEMO_TOKEN, "/api/v1/submissions/" + id).body());
        return status.get("laufzettel").toString();
    }

    private static PortalClient portal(ConfigurableApplicationContext hub) {
        return new PortalClient(hub.getEnvironment().getProperty("local.server.port", Integer.class));
    }

    /** The hub on the same data directory and broker journal, with or without the SFTP destination retired. */
    private ConfigurableApplicationContext start(boolean withRetired) throws Exception {
        String retired = """
                      - id: retired
                        tenant: demo
                        type: sftp
                        seal:
                          mode: "off"
                        sftp:
                          host: 127.0.0.1
                          port: %d
                          path: /inbox
                          user: hub
                          private-key-file: %s
                          known-hosts-file: %s
                """.formatted(sftpPort, dataDir.resolve("sftp/client.key"), dataDir.resolve("sftp/known_hosts"));
        String retiredRule = """
                      - name: retired
                        tenant: demo
                        leser: "retired:*"
                        destinations: [retired]
                """;
        Path routing = dataDir.resolve(withRetired ? "routing-before.yaml" : "routing-after.yaml");
        Files.writeString(routing, """
                hub:
                  portals:
                    - id: demo-portal
                      tenant: demo
                      token-sha256: eb1e8e79a793c44e863a8b636df80f36f80fd4539587320cb36e1ba84032a354
                  routing:
                    destinations:
                      - id: demo
                        tenant: demo
                        type: queue
                        seal:
                          mode: "off"
                %s    rules:
                %s      - name: demo-all
                        tenant: demo
                        destinations: [demo]
                """.formatted(withRetired ? retired : "", withRetired ? retiredRule : ""));
        return new SpringApplicationBuilder(XoevHubApplication.class).run(
                "--server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.broker.port=" + HubIT.freePort(),
                "--hub.broker.vm-id=" + vmId,
                "--hub.broker.name=xoev-hub-removed-" + vmId,
                "--hub.broker.redelivery-delay-ms=600000",
                "--hub.broker.max-redelivery-delay-ms=600000",
                "--hub.routing-file=" + routing,
                "--camel.main.name=xoev-hub-removed",
                "--hub.cluster.name=removed-" + vmId);
    }
}
