package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.SftpTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A message whose SFTP upload failed on every attempt (server down) is replayed from hub.dlq once the server is
 * back, and is delivered: the dead letter is the sealed copy of the handover queue, so the replay puts it back on
 * hub.handover.&lt;destination&gt; (not through a new pipeline pass, which would hand it over again under the same
 * duplicate-detection id, and seal a sealed copy).
 */
class SftpDeadLetterReplayIT extends HubIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aDeadLetterOfAnSftpDestinationIsDeliveredWhenReplayedAfterTheServerIsBack() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "sftp:replay");
        String id = accept(body);
        awaitState(DEMO_TOKEN, id, "FAILED");
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/admin/api/queues/dlq/replay"))
                    .header("Authorization", "Bearer demo-admin-token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"" + id + "\"],\"reason\":\"server back\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.readTree(replayed.body()).findValuesAsText("outcome")).containsExactly("REPLAYED");
            JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
            assertThat(status.get("laufzettel").toString()).contains("destination=dms-sftp sftp file=");
            java.nio.file.Path pki = DATA_DIR.resolve("pki");
            assertThat(de.xoevhub.seal.Openssl.unseal(sftp.inbox().resolve(id + ".p7m"), pki.resolve("demo-recipient.crt"),
                    pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), Files.createTempDirectory(DATA_DIR, "o-")))
                    .as("the original message, sealed once").isEqualTo(body);
        }
    }
}
