package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalPki;
import de.xoevhub.QueueProbe;
import de.xoevhub.seal.CertificateAuthority;
import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.Openssl;
import de.xoevhub.seal.PemFiles;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Portals that sign or encrypt with Debian's openssl, against the running hub: the demo portal trusts the test
 * portal CA ({@link PortalPki}), the strict portal must sign, the other portal trusts nobody. Accepted bodies go
 * on exactly like plain XML, with the signer and the decryption on the Laufzettel; every hostile or unacceptable
 * body gets 422 with its own problem type in under a second, is recorded, and leaves the hub ready.
 */
class SignedSubmissionIT extends HubIT {

    private static final Duration FAST = Duration.ofSeconds(1);
    private static final String SIGNED = "application/pkcs7-mime; smime-type=signed-data";
    private static final String ENVELOPED = "application/pkcs7-mime; smime-type=enveloped-data";
    private static final String AUTH_ENVELOPED = "application/pkcs7-mime; smime-type=authEnveloped-data";

    private static Path work;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @BeforeAll
    static void portalCertificates() throws Exception {
        work = Files.createDirectories(DATA_DIR.resolve("signed-it"));
        CertificateAuthority ca = PortalPki.ca();
        write("signer", ca.issue("demo portal signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30)));
        Instant now = Instant.now();
        write("expired", ca.issue("demo portal expired signer", KeyKind.EC_P256, Usage.SIGNING,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        CertificateAuthority impostor = CertificateAuthority.create("demo portal CA", KeyKind.EC_P256,
                Duration.ofDays(30));
        write("impostor", impostor.issue("demo portal signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30)));
    }

    @AfterEach
    void hubStaysReady() throws Exception {
        HttpResponse<String> readiness = get(null, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aSignedSubmissionIsAcceptedDeliveredAndTheLaufzettelNamesTheSigner() throws Exception {
        String uuid = UUID.randomUUID().toString();
        Path xml = xml(uuid);

        var response = post(DEMO_TOKEN, SIGNED, sign(xml, "signer", "sha256"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        String id = receipt.get("id").asText();
        assertThat(receipt.get("nachrichtenUUID").asText()).isEqualTo(uuid);
        assertThat(receipt.get("sha256").asText()).as("the digest of the XÖV message inside").isEqualTo(sha256(xml));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("delivery on fv.demo").isNotNull();
            assertThat(delivered.body()).isEqualTo(Files.readAllBytes(xml));
        }
        JsonNode status = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body());
        assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        assertThat(status.get("laufzettel").findValuesAsText("outcome"))
                .startsWith("RECEIVED", "SIGNATURE_VALID", "VALID", "ACCEPTED");
        assertThat(event(status, "SIGNATURE_VALID")).contains("signer='CN=demo portal signer' serial ")
                .contains("chain=['CN=demo portal signer' serial ").contains("'CN=demo portal CA' serial ")
                .contains("signingTime=20")
                .contains("digest=SHA-256").contains("signature=SHA256WITHECDSA");
        assertThat(event(status, "RECEIVED")).contains("type=application/pkcs7-mime");
    }

    @Test
    void encryptedForTheHubWithGcmIsAccepted() throws Exception {
        Path xml = xml(UUID.randomUUID().toString());
        Path encrypted = Openssl.encrypt(xml, work.resolve(xml.getFileName() + ".p7m"), "-aes-256-gcm",
                hubEncryptionCert());

        var response = post(DEMO_TOKEN, AUTH_ENVELOPED, Files.readAllBytes(encrypted));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode status = status(DEMO_TOKEN, response);
        assertThat(event(status, "DECRYPTED")).contains("content=AuthEnvelopedData").contains("key=hub-encryption")
                .contains("recipient='CN=xoev-hub dev hub encryption'");
        assertThat(json.readTree(response.body()).get("sha256").asText()).isEqualTo(sha256(xml));
    }

    /**
     * AES-CBC authenticates nothing, so a message only encrypted with it can never be proven unaltered: it is
     * refused like every altered CBC ciphertext (CbcPaddingOracleIT), although it decrypts, and the Laufzettel does
     * not show that it did.
     */
    @Test
    void onlyEncryptedWithCbcIsRefusedWithTheAnswerOfAnyAlteredCiphertext() throws Exception {
        Path xml = xml(UUID.randomUUID().toString());
        Path encrypted = Openssl.encrypt(xml, work.resolve(xml.getFileName() + ".cbc.p7m"), "-aes-256-cbc",
                hubEncryptionCert());

        JsonNode problem = refused(DEMO_TOKEN, ENVELOPED, Files.readAllBytes(encrypted), "decryption-failed");

        assertThat(problem.get("detail").asText()).contains("signed inside").contains("AES-GCM");
        JsonNode recorded = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + problem.get("id").asText()).body());
        assertThat(recorded.get("laufzettel").findValuesAsText("outcome"))
                .containsExactly("RECEIVED", "DECRYPTION_FAILED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-aes-256-gcm", "-aes-256-cbc"})
    void signedThenEncryptedIsAcceptedWithBothLayersOnTheLaufzettel(String cipher) throws Exception {
        Path signed = Files.write(work.resolve(UUID.randomUUID() + ".signed.der"),
                sign(xml(UUID.randomUUID().toString()), "signer", "sha256"));
        Path body = Openssl.encrypt(signed, work.resolve(signed.getFileName() + ".p7m"), cipher, hubEncryptionCert());

        var response = post(DEMO_TOKEN, "application/pkcs7-mime", Files.readAllBytes(body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(status(DEMO_TOKEN, response).get("laufzettel").findValuesAsText("outcome"))
                .startsWith("RECEIVED", "DECRYPTED", "SIGNATURE_VALID", "VALID", "ACCEPTED");
    }

    /**
     * Past the spool threshold (1 MiB) the body is spooled and opened as a stream, each layer's content into a
     * spool file that is deleted as soon as the next layer is open; none is left once the message is delivered.
     */
    @Test
    void aLargeSignedThenEncryptedSubmissionIsOpenedFromTheSpoolAndDeliveredWhole() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] message = DemoMessages.large(uuid, "ags:09000009", 3 << 20);
        Path xml = Files.write(work.resolve(uuid + ".large.xml"), message);
        Path signed = Files.write(work.resolve(uuid + ".large.signed.der"), sign(xml, "signer", "sha256"));
        Path body = Openssl.encrypt(signed, work.resolve(uuid + ".large.p7m"), "-aes-256-cbc", hubEncryptionCert());
        assertThat(Files.size(body)).isGreaterThan(3 << 20);

        var response = post(DEMO_TOKEN, ENVELOPED, Files.readAllBytes(body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();
        assertThat(json.readTree(response.body()).get("sha256").asText()).isEqualTo(sha256(message));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("delivery on fv.demo").isNotNull();
            assertThat(delivered.body()).isEqualTo(message);
        }
        JsonNode status = status(DEMO_TOKEN, response);
        assertThat(status.get("laufzettel").findValuesAsText("outcome"))
                .startsWith("RECEIVED", "DECRYPTED", "SIGNATURE_VALID", "VALID", "ACCEPTED");
        assertThat(event(status, "RECEIVED")).contains("bytes=" + Files.size(body));
        assertThat(event(status, "SIGNATURE_VALID")).contains("signer='CN=demo portal signer'");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(spoolFiles()).as("spool files left behind").isZero());

        // one ciphertext byte altered in the middle: CBC garbles a block of the signed content, and until the
        // signature is checked nothing is proven, so the answer is that of any altered CBC ciphertext
        byte[] altered = Files.readAllBytes(body);
        altered[altered.length / 2] ^= 0x01;
        var refused = post(DEMO_TOKEN, ENVELOPED, altered);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).get("type").asText())
                .isEqualTo("urn:xoev-hub:problem:decryption-failed");
        assertThat(spoolFiles()).as("a refused body leaves no spool file").isZero();
    }

    @Test
    void aPortalThatMustSignIsRefusedPlainOrOnlyEncryptedAndAcceptedSigned() throws Exception {
        Path xml = xml(UUID.randomUUID().toString());
        JsonNode plain = refused(STRICT_TOKEN, "application/xml", Files.readAllBytes(xml), "signature-required");
        assertThat(plain.get("detail").asText()).contains("plain XML");
        Path encrypted = Openssl.encrypt(xml, work.resolve(xml.getFileName() + ".strict.p7m"), "-aes-256-gcm",
                hubEncryptionCert());
        JsonNode onlyEncrypted = refused(STRICT_TOKEN, AUTH_ENVELOPED, Files.readAllBytes(encrypted), "signature-required");
        JsonNode recorded = json.readTree(get(STRICT_TOKEN, "/api/v1/submissions/" + onlyEncrypted.get("id").asText()).body());
        assertThat(recorded.get("laufzettel").findValuesAsText("outcome"))
                .containsExactly("RECEIVED", "DECRYPTED", "SIGNATURE_REQUIRED");

        var signed = post(STRICT_TOKEN, SIGNED, sign(xml, "signer", "sha256"));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
    }

    @Test
    void aPortalWithoutTrustAnchorsCannotSign() throws Exception {
        JsonNode problem = refused(OTHER_TOKEN, SIGNED, sign(xml(UUID.randomUUID().toString()), "signer", "sha256"),
                "signer-untrusted");
        assertThat(problem.get("detail").asText()).contains("no trust anchors");
    }

    @Test
    void aTruncatedCmsIsMalformed() throws Exception {
        byte[] signed = sign(xml(UUID.randomUUID().toString()), "signer", "sha256");
        JsonNode problem = refused(DEMO_TOKEN, SIGNED, Arrays.copyOf(signed, signed.length - 100), "cms-malformed");
        assertThat(problem.get("detail").asText()).contains("truncated");
    }

    @Test
    void aBerIndefiniteLengthNestingBombIsMalformed() throws Exception {
        byte[] bomb = new byte[2 * 50_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x30;
            bomb[i + 1] = (byte) 0x80;
        }
        JsonNode problem = refused(DEMO_TOKEN, SIGNED, bomb, "cms-malformed");
        assertThat(problem.get("detail").asText()).contains("nesting deeper");
    }

    @Test
    void digestedDataAndPlainIdDataAreTheWrongContentType() throws Exception {
        Path xml = xml(UUID.randomUUID().toString());
        for (String create : List.of("-digest_create", "-data_create")) {
            Path out = work.resolve(xml.getFileName() + create + ".der");
            Openssl.ok(out, List.of("cms", create, "-binary", "-outform", "DER", "-in", xml.toString(), "-out",
                    out.toString()));
            JsonNode problem = refused(DEMO_TOKEN, "application/pkcs7-mime", Files.readAllBytes(out),
                    "cms-content-type-unsupported");
            assertThat(problem.get("detail").asText()).contains(create.equals("-digest_create") ? "DigestedData" : "id-data");
        }
    }

    @Test
    void aSignatureOverOtherContentIsRefusedAndRecorded() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] signed = sign(xml(uuid), "signer", "sha256");
        byte[] marker = uuid.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(signed, marker);
        signed[at] = (byte) (signed[at] == 'a' ? 'b' : 'a'); // another nachrichtenUUID, same length

        JsonNode problem = refused(DEMO_TOKEN, SIGNED, signed, "signature-invalid");

        assertThat(problem.get("detail").asText()).contains("does not match the signature");
        JsonNode recorded = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + problem.get("id").asText()).body());
        assertThat(recorded.get("state").asText()).isEqualTo("REJECTED");
        assertThat(recorded.get("reason").asText()).isEqualTo("SIGNATURE_INVALID");
        assertThat(recorded.get("laufzettel").findValuesAsText("outcome")).containsExactly("RECEIVED", "SIGNATURE_INVALID");
        assertThat(recorded.get("sha256").asText()).as("the body as received").isEqualTo(sha256(signed));
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefused() throws Exception {
        JsonNode problem = refused(DEMO_TOKEN, SIGNED, sign(xml(UUID.randomUUID().toString()), "impostor", "sha256"),
                "signer-untrusted");
        assertThat(problem.get("detail").asText()).contains("does not chain to a trust anchor");
    }

    @Test
    void aSha1SignatureIsWeak() throws Exception {
        JsonNode problem = refused(DEMO_TOKEN, SIGNED, sign(xml(UUID.randomUUID().toString()), "signer", "sha1"),
                "weak-algorithm");
        assertThat(problem.get("detail").asText()).contains("SHA1");
    }

    @Test
    void anExpiredSignerCertificateIsRefused() throws Exception {
        JsonNode problem = refused(DEMO_TOKEN, SIGNED, sign(xml(UUID.randomUUID().toString()), "expired", "sha256"),
                "certificate-not-valid");
        assertThat(problem.get("detail").asText()).contains("CN=demo portal expired signer");
    }

    @Test
    void aBodyEncryptedForSomeoneElseIsRefused() throws Exception {
        Path xml = xml(UUID.randomUUID().toString());
        Path encrypted = Openssl.encrypt(xml, work.resolve(xml.getFileName() + ".fv.p7m"), "-aes-256-gcm",
                DATA_DIR.resolve("pki/demo-recipient.crt"));
        refused(DEMO_TOKEN, AUTH_ENVELOPED, Files.readAllBytes(encrypted), "not-encrypted-for-hub");
    }

    private JsonNode refused(String token, String contentType, byte[] body, String type) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post(token, contentType, body);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(took).isLessThan(FAST);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:" + type);
        assertThat(problem.get("id").asText()).as("recorded in the ledger").isNotBlank();
        return problem;
    }

    private JsonNode status(String token, HttpResponse<String> accepted) throws Exception {
        String id = json.readTree(accepted.body()).get("id").asText();
        return json.readTree(get(token, "/api/v1/submissions/" + id).body());
    }

    private static String event(JsonNode status, String outcome) {
        List<String> details = new ArrayList<>();
        for (JsonNode e : status.get("laufzettel")) {
            if (e.get("outcome").asText().equals(outcome)) {
                details.add(e.get("detail").asText());
            }
        }
        assertThat(details).as("Laufzettel events with outcome " + outcome).hasSize(1);
        return details.get(0);
    }

    private static Path xml(String uuid) throws Exception {
        return Files.write(work.resolve(uuid + ".xml"), DemoMessages.antrag(uuid, "ags:09000009"));
    }

    private static byte[] sign(Path in, String signer, String md) throws Exception {
        Path out = work.resolve(in.getFileName() + "." + signer + "." + md + "." + System.nanoTime() + ".p7m");
        return Files.readAllBytes(Openssl.sign(in, out, work.resolve(signer + ".crt"), work.resolve(signer + ".key"), md));
    }

    private static long spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(DATA_DIR.resolve("spool"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static Path hubEncryptionCert() {
        return DATA_DIR.resolve("pki/hub-encryption.crt");
    }

    private static void write(String name, Issued issued) throws Exception {
        PemFiles.write(work.resolve(name + ".crt"), issued.certificate());
        PemFiles.write(work.resolve(name + ".key"), issued.keys().getPrivate());
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
