package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A non-Java Fachverfahren: Debian's python3-qpid-proton receives the delivered message over AMQP 1.0 from the
 * hub's embedded broker, with the body byte for byte and every documented property.
 */
class AmqpFachverfahrenIT extends HubIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path CONSUMER = Path.of("src/test/python/fv_consumer.py");

    @Test
    void pythonQpidProtonReceivesTheMessageWithItsProperties() throws Exception {
        assertThat(PYTHON).as("Debian python3 (run scripts/install-test-peers.sh)").exists();
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import proton").start();
        assertThat(check.waitFor()).as("python3-qpid-proton is installed (scripts/install-test-peers.sh)").isZero();

        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "amqp:fv-1");
        var response = postXml(body);
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();

        Process consumer = new ProcessBuilder(PYTHON.toString(), CONSUMER.toString(),
                "amqp://127.0.0.1:" + BROKER_PORT, "fv.amqp-check", "1", "30")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(consumer.exitValue()).as(out).isZero();

        JsonNode received = new ObjectMapper().readTree(out);
        assertThat(received.get("bodySha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        JsonNode p = received.get("properties");
        assertThat(p.get("hubMessageId").asText()).isEqualTo(id);
        assertThat(p.get("tenant").asText()).isEqualTo("demo");
        assertThat(p.get("standard").asText()).isEqualTo("XoevHubDemo");
        assertThat(p.get("version").asText()).isEqualTo("1.0");
        assertThat(p.get("nachrichtentyp").asText()).isEqualTo("0001");
        assertThat(p.get("nachrichtenUUID").asText()).isEqualTo(uuid);
        assertThat(p.get("autor").asText()).isEqualTo("psw:01003110");
        assertThat(p.get("leser").asText()).isEqualTo("amqp:fv-1");
        assertThat(p.get("sha256").asText()).isEqualTo(received.get("bodySha256").asText());
        assertThat(p.get("test").asBoolean()).isTrue();
        assertThat(Files.exists(CONSUMER)).isTrue();
    }
}
