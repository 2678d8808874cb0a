package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.seal.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A non-Java Fachverfahren: Debian's python3-qpid-proton receives the delivered message over AMQP 1.0 from the
 * hub's embedded broker, with every documented property, and Debian's openssl opens the sealed body (AES-256-GCM
 * AuthEnvelopedData) with the demo recipient's key and verifies the hub's signature against the dev CA. The
 * Fachverfahren then acknowledges the message on hub.receipts, and the portal sees it as ACKNOWLEDGED.
 */
class AmqpFachverfahrenIT extends HubIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path CONSUMER = Path.of("src/test/python/fv_consumer.py");
    private static final Path ACKNOWLEDGE = Path.of("src/test/python/fv_acknowledge.py");

    @Test
    void pythonQpidProtonReceivesOpensAndAcknowledgesTheMessage() throws Exception {
        assertThat(PYTHON).as("Debian python3 (run scripts/install-test-peers.sh)").exists();
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import proton").start();
        assertThat(check.waitFor()).as("python3-qpid-proton is installed (scripts/install-test-peers.sh)").isZero();

        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "amqp:fv-1");
        var response = postXml(body);
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();

        Path saved = Files.createTempDirectory(DATA_DIR, "amqp-");
        Process consumer = new ProcessBuilder(PYTHON.toString(), CONSUMER.toString(),
                "amqp://127.0.0.1:" + BROKER_PORT, "fv.amqp-check", "1", "30", saved.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(consumer.exitValue()).as(out).isZero();

        JsonNode received = new ObjectMapper().readTree(out);
        Path pki = DATA_DIR.resolve("pki");
        byte[] opened = Openssl.unseal(saved.resolve(id + ".p7m"), pki.resolve("demo-recipient.crt"),
                pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), saved);
        assertThat(opened).as("decrypted and verified by openssl").isEqualTo(body);
        JsonNode p = received.get("properties");
        assertThat(p.get("hubSeal").asText()).isEqualTo("aes-256-gcm");
        assertThat(p.get("hubMessageId").asText()).isEqualTo(id);
        assertThat(p.get("tenant").asText()).isEqualTo("demo");
        assertThat(p.get("standard").asText()).isEqualTo("XoevHubDemo");
        assertThat(p.get("version").asText()).isEqualTo("1.0");
        assertThat(p.get("nachrichtentyp").asText()).isEqualTo("0001");
        assertThat(p.get("nachrichtenUUID").asText()).isEqualTo(uuid);
        assertThat(p.get("autor").asText()).isEqualTo("psw:01003110");
        assertThat(p.get("leser").asText()).isEqualTo("amqp:fv-1");
        assertThat(p.get("sha256").asText()).as("the SHA-256 of the submission as accepted")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(p.get("test").asBoolean()).isTrue();
        assertThat(Files.exists(CONSUMER)).isTrue();

        // the Fachverfahren answers over AMQP; the portal sees the acknowledgement on the Laufzettel
        Process ack = new ProcessBuilder(PYTHON.toString(), ACKNOWLEDGE.toString(), "amqp://127.0.0.1:" + BROKER_PORT,
                id, "accepted", "AZ-2026-0042").redirectErrorStream(true).start();
        assertThat(ack.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ack.exitValue()).as(new String(ack.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = new ObjectMapper().readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body());
            assertThat(status.get("state").asText()).isEqualTo("ACKNOWLEDGED");
            JsonNode last = status.get("laufzettel").get(status.get("laufzettel").size() - 1);
            assertThat(last.get("step").asText()).isEqualTo("acknowledge");
            assertThat(last.get("detail").asText()).contains("outcome=ACCEPTED").contains("aktenzeichen=AZ-2026-0042");
            assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        });
    }
}
