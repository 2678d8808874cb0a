package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.SftpTestServer;
import de.xoevhub.ZipEntries;
import de.xoevhub.seal.Openssl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Submissions with attachments, posted as multipart/mixed: the message is validated, the attachments travel with it
 * in the submission container (manifest.json, nachricht.xml, anlagen/...), whose parts and hashes the Laufzettel
 * records; sealed destinations get the sealed container, a DMS an xdomea package with one Anlage per attachment.
 * Bad multipart bodies are refused with their own problem and recorded.
 */
class AttachmentsIT extends HubIT {

    private static final String BOUNDARY = "xoev-hub-test-boundary-7f3a";
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCAN = random(300_000);

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void attachmentsTravelInTheContainerAndTheLaufzettelListsEachPartsHash() throws Exception {
        byte[] message = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        byte[] body = multipart(message, Map.of("Bauplan.pdf", PDF, "scan.bin", SCAN));
        var response = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();

        JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
        String container = detail(status, "CONTAINER");
        assertThat(container).contains("parts=3").contains("nachricht.xml application/xml bytes=" + message.length
                + " sha256=" + sha256(message)).contains("anlagen/Bauplan.pdf application/pdf bytes=" + PDF.length
                + " sha256=" + sha256(PDF));
        assertThat(container).contains("sha256=" + sha256(SCAN));

        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(10_000);
            assertThat(delivered.property("hubContainer")).isEqualTo("xoev-hub-container/1");
            Map<String, byte[]> entries = ZipEntries.of(delivered.body());
            assertThat(entries.keySet()).containsExactly("manifest.json", "nachricht.xml", "anlagen/Bauplan.pdf",
                    "anlagen/scan.bin");
            assertThat(entries.get("nachricht.xml")).isEqualTo(message);
            assertThat(entries.get("anlagen/Bauplan.pdf")).isEqualTo(PDF);
            assertThat(entries.get("anlagen/scan.bin")).isEqualTo(SCAN);
        }

        // the same message with the same attachments is a repeat; with other attachments a conflict
        var repeat = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, body);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(json.readTree(repeat.body()).get("id").asText()).isEqualTo(id);
        var other = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, multipart(message, Map.of("Bauplan.pdf", SCAN)));
        assertThat(other.statusCode()).isEqualTo(409);
    }

    @Test
    void aSealedDestinationGetsTheSealedContainerThatOpensslOpens() throws Exception {
        byte[] message = DemoMessages.antrag(UUID.randomUUID().toString(), "cbc:fv-attachments");
        String id = accepted(post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY,
                multipart(message, Map.of("Bauplan.pdf", PDF))));
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        byte[] sealed;
        try (QueueProbe fv = new QueueProbe(broker, "fv.sealed-cbc", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(10_000);
            assertThat(delivered.property("hubContainer")).isEqualTo("xoev-hub-container/1");
            sealed = delivered.body();
        }
        Path work = Files.createTempDirectory(DATA_DIR, "container-");
        Files.write(work.resolve("copy.p7m"), sealed);
        Path pki = DATA_DIR.resolve("pki");
        byte[] zip = Openssl.unseal(work.resolve("copy.p7m"), pki.resolve("demo-recipient.crt"),
                pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), work);
        assertThat(ZipEntries.of(zip).get("anlagen/Bauplan.pdf")).isEqualTo(PDF);
        assertThat(ZipEntries.of(zip).get("nachricht.xml")).isEqualTo(message);
    }

    @Test
    void aDmsGetsEachAttachmentAsAnAnlageOfTheXdomeaPackage() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            byte[] message = DemoMessages.antrag(UUID.randomUUID().toString(), "dms:09162000");
            String id = accepted(post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY,
                    multipart(message, Map.of("Bauplan.pdf", PDF))));
            awaitState(DEMO_TOKEN, id, "DELIVERED");
            Path pki = DATA_DIR.resolve("pki");
            byte[] zip = Openssl.unseal(sftp.inbox().resolve(id + "_Abgabe.Abgabe.0401.zip.p7m"),
                    pki.resolve("demo-recipient.crt"), pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"),
                    Files.createTempDirectory(DATA_DIR, "o-"));
            Map<String, byte[]> entries = ZipEntries.of(zip);
            assertThat(entries.get(id + "_nachricht.xml")).isEqualTo(message);
            assertThat(entries.get(id + "_anlage1_Bauplan.pdf")).isEqualTo(PDF);
            assertThat(new String(entries.get(id + "_Abgabe.Abgabe.0401.xml"), StandardCharsets.UTF_8))
                    .contains("<xdomea:Anlage>").contains("Bauplan.pdf");
        }
    }

    @Test
    void namesSentAsUtf8AsBrowsersSendThemReachTheContainerAndTheXdomeaPackageUnchanged() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            byte[] message = DemoMessages.antrag(UUID.randomUUID().toString(), "dms:09162000");
            // multipart() writes the names' UTF-8 bytes into the headers, as browsers and curl -F do (RFC 7578)
            String id = accepted(post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY,
                    multipart(message, Map.of("Straße.pdf", PDF, "Bauplän.pdf", SCAN))));
            JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
            assertThat(detail(status, "CONTAINER")).contains("anlagen/Bauplän.pdf application/pdf bytes=" + SCAN.length)
                    .contains("anlagen/Straße.pdf application/pdf bytes=" + PDF.length);
            Path pki = DATA_DIR.resolve("pki");
            byte[] zip = Openssl.unseal(sftp.inbox().resolve(id + "_Abgabe.Abgabe.0401.zip.p7m"),
                    pki.resolve("demo-recipient.crt"), pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"),
                    Files.createTempDirectory(DATA_DIR, "o-"));
            Map<String, byte[]> entries = ZipEntries.of(zip);
            assertThat(entries.get(id + "_anlage1_Bauplän.pdf")).isEqualTo(SCAN);
            assertThat(entries.get(id + "_anlage2_Straße.pdf")).isEqualTo(PDF);
            assertThat(new String(entries.get(id + "_Abgabe.Abgabe.0401.xml"), StandardCharsets.UTF_8))
                    .contains("<xdomea:DateinameOriginal>Bauplän.pdf</xdomea:DateinameOriginal>")
                    .contains("<xdomea:DateinameOriginal>Straße.pdf</xdomea:DateinameOriginal>");
        }
    }

    @Test
    void anAttachmentNameWithAPathIsRefusedAndRecorded() throws Exception {
        byte[] message = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        var response = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY,
                multipart(message, Map.of("../../etc/passwd", PDF)));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:attachment-name-refused");
        assertThat(problem.get("detail").asText()).contains("path");
        assertThat(status(DEMO_TOKEN, problem.get("id").asText()).get("state").asText()).isEqualTo("REJECTED");
    }

    @Test
    void aMultipartWhoseFirstPartIsNotXmlOrThatHasNoPartsIsMalformed() throws Exception {
        String noXml = "--" + BOUNDARY + "\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
                + "filename=\"a.pdf\"\r\n\r\n%PDF\r\n--" + BOUNDARY + "--\r\n";
        var first = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, noXml.getBytes(StandardCharsets.UTF_8));
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(json.readTree(first.body()).get("type").asText()).isEqualTo("urn:xoev-hub:problem:multipart-malformed");

        var none = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, "no boundary here".getBytes(StandardCharsets.UTF_8));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json.readTree(none.body()).get("detail").asText()).contains("multipart");
    }

    @Test
    void anInvalidMessageWithAttachmentsGetsTheUsualValidationReport() throws Exception {
        var response = post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY,
                multipart(Files.readAllBytes(DemoMessages.INVALID_SAMPLE), Map.of("Bauplan.pdf", PDF)));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).get("type").asText()).isEqualTo("urn:xoev-hub:problem:schema-invalid");
    }

    private String accepted(java.net.http.HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).get("id").asText();
    }

    private static String detail(JsonNode status, String outcome) {
        for (JsonNode e : status.get("laufzettel")) {
            if (e.get("outcome").asText().equals(outcome)) {
                return e.get("detail").asText();
            }
        }
        throw new AssertionError("no " + outcome + " entry in " + status);
    }

    /** multipart/mixed: the message, then each attachment (in name order) with its file name. */
    static byte[] multipart(byte[] message, Map<String, byte[]> attachments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(message);
        for (String name : new java.util.TreeSet<>(attachments.keySet())) {
            String type = name.endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
            out.write(("\r\n--" + BOUNDARY + "\r\nContent-Type: " + type + "\r\nContent-Disposition: attachment; "
                    + "filename=\"" + name + "\"\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(attachments.get(name));
        }
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(11).nextBytes(b);
        return b;
    }
}
