package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.seal.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Sealed delivery through the whole pipeline, on the development PKI the hub generated at its first start: the copy
 * on a destination with AES-256-CBC is an EnvelopedData that openssl decrypts with the demo recipient's key and
 * verifies against the dev CA, and the Laufzettel names the mode, the signer and the recipient. A destination with
 * sealing off delivers the plain message and says so on the Laufzettel.
 */
class SealedDeliveryIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Test
    void cbcDestinationGetsASealedCopyThatOpensslOpens() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "cbc:fv-2");
        String id = accept(body);

        byte[] sealed;
        try (QueueProbe fv = new QueueProbe(broker, "fv.sealed-cbc", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).isNotNull();
            assertThat(delivered.property("hubSeal")).isEqualTo("aes-256-cbc");
            sealed = delivered.body();
        }
        Path work = Files.createTempDirectory(DATA_DIR, "sealed-");
        Files.write(work.resolve("copy.p7m"), sealed);
        Path pki = DATA_DIR.resolve("pki");
        assertThat(Openssl.print(work.resolve("copy.p7m"))).contains("pkcs7-envelopedData").contains("aes-256-cbc");
        assertThat(Openssl.unseal(work.resolve("copy.p7m"), pki.resolve("demo-recipient.crt"),
                pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), work)).isEqualTo(body);

        JsonNode delivery = deliveryEvent(id);
        assertThat(delivery.get("detail").asText()).contains("destination=sealed-cbc").contains("seal=aes-256-cbc")
                .contains("signer='CN=xoev-hub dev hub'").contains("CN=xoev-hub demo Fachverfahren");
    }

    @Test
    void destinationWithSealingOffGetsThePlainMessageAndTheLaufzettelSaysSo() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        String id = accept(body);
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered.body()).isEqualTo(body);
            assertThat(delivered.property("hubSeal")).isEqualTo("off");
        }
        assertThat(deliveryEvent(id).get("detail").asText()).contains("seal=off (configured for this destination)");
    }

    private JsonNode deliveryEvent(String id) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = new ObjectMapper().readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body());
            assertThat(status.get("state").asText()).isEqualTo("DELIVERED");
            for (JsonNode e : status.get("laufzettel")) {
                if (e.get("step").asText().equals("deliver")) {
                    found[0] = e;
                }
            }
            assertThat(found[0]).isNotNull();
            assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        });
        return found[0];
    }
}
