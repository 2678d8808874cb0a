package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Messages past the spool threshold (1 MiB) take the streaming path: the intake spools the body and sends it to
 * hub.inbox as an Artemis large message, the pipeline saves it to a spool file, seals (and packs) from file to
 * file, and streams each copy to its destination. While a copy waits on a Fachverfahren queue its body is a file
 * in the broker's large-messages directory. Every path must deliver the exact bytes, and leave no spool file.
 */
class LargeMessageIT extends HubIT {

    private static final int SIZE = 3 << 20;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @AfterEach
    void noSpoolFileIsLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(files(DATA_DIR.resolve("spool"))).as("spool files left behind").isZero());
    }

    @Test
    void severalMebibytesWaitOnTheQueueAsALargeMessageAndArriveWhole() throws Exception {
        Path largeMessages = DATA_DIR.resolve("artemis/large-messages");
        byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "ags:09162000", SIZE);
        assertThat(body.length).isGreaterThan(3_000_000);

        var response = postXml(body);
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        assertThat(files(largeMessages)).as("the copy waiting on fv.demo is a large-message file").isPositive();

        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received received = fv.receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.body()).isEqualTo(body);
        }
    }

    @Test
    void aLargeMessageIsSealedFromItsSpoolFileAndOpensslOpensIt() throws Exception {
        byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "cbc:fv-large", SIZE);
        String id = accept(body);
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        byte[] sealed;
        try (QueueProbe fv = new QueueProbe(broker, "fv.sealed-cbc", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).isNotNull();
            sealed = delivered.body();
        }
        Path work = Files.createTempDirectory(DATA_DIR, "large-");
        Files.write(work.resolve("copy.p7m"), sealed);
        Path pki = DATA_DIR.resolve("pki");
        assertThat(Openssl.unseal(work.resolve("copy.p7m"), pki.resolve("demo-recipient.crt"),
                pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), work)).isEqualTo(body);
    }

    @Test
    void aLargeUnroutableMessageIsKeptWholeOnTheQuarantine() throws Exception {
        // tenant "other" has no routing rule
        byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "ags:1", SIZE);
        var response = post(OTHER_TOKEN, "application/xml", body);
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();
        awaitState(OTHER_TOKEN, id, "QUARANTINED");
        try (QueueProbe q = new QueueProbe(broker, "hub.quarantine", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received kept = q.receive(10_000);
            assertThat(kept).isNotNull();
            assertThat(kept.body()).isEqualTo(body);
        }
    }

    @Test
    void aLargeMessageIsPackedAsXdomeaAndUploadedFromItsSpoolFile() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "dms:09162000", SIZE);
            String id = accept(body);
            awaitState(DEMO_TOKEN, id, "DELIVERED");
            String file = id + "_Abgabe.Abgabe.0401.zip.p7m";
            Path pki = DATA_DIR.resolve("pki");
            byte[] zip = Openssl.unseal(sftp.inbox().resolve(file), pki.resolve("demo-recipient.crt"),
                    pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), Files.createTempDirectory(DATA_DIR, "o-"));
            assertThat(ZipEntries.of(zip).get(id + "_nachricht.xml")).isEqualTo(body);
        }
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p)).count();
        }
    }
}
