package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalPki;
import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.Openssl;
import de.xoevhub.seal.PemFiles;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub is no padding oracle (Vaudenay) for what a portal encrypts with AES-CBC: openssl encrypts a valid message
 * for the hub's encryption certificate with {@code -aes256}, and the last byte of the second-to-last ciphertext
 * block, which sets the last plaintext byte and so the padding, takes all 256 values. Some variants have valid
 * padding (openssl, given the hub's key, decrypts them) and decrypt to altered content, the others do not decrypt;
 * every one gets the same answer and the same Laufzettel, as the portal reads them, whether the message was signed
 * inside or only encrypted.
 */
class CbcPaddingOracleIT extends HubIT {

    private static final String ENVELOPED = "application/pkcs7-mime; smime-type=enveloped-data";

    private static Path work;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void signer() throws Exception {
        work = Files.createDirectories(DATA_DIR.resolve("padding-oracle-it"));
        Issued signer = PortalPki.ca().issue("demo portal signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30));
        PemFiles.write(work.resolve("signer.crt"), signer.certificate());
        PemFiles.write(work.resolve("signer.key"), signer.keys().getPrivate());
    }

    @ParameterizedTest(name = "signed inside: {0}")
    @ValueSource(booleans = {true, false})
    void everyVariantOfTheLastPaddingByteGetsTheSameAnswerAndLaufzettel(boolean signedInside) throws Exception {
        Path xml = Files.write(work.resolve(signedInside + ".xml"),
                DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09000009"));
        Path inside = xml;
        while (signedInside) {
            inside = Openssl.sign(xml, work.resolve(signedInside + ".signed.der"), work.resolve("signer.crt"),
                    work.resolve("signer.key"), "sha256");
            if (Files.size(inside) % 16 != 15) {
                break;
            }
            // one byte of padding leaves no altered variant with valid padding (the unaltered one is skipped below)
            Files.write(xml, "\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        }
        byte[] body = Files.readAllBytes(Openssl.encrypt(inside, work.resolve(signedInside + ".p7m"), "-aes256",
                DATA_DIR.resolve("pki/hub-encryption.crt")));
        Path hubKey = hubEncryptionKey();
        int at = body.length - 17; // openssl writes the ciphertext last: the second-to-last block's last byte
        if (signedInside) {
            var original = post(DEMO_TOKEN, ENVELOPED, body);
            assertThat(original.statusCode()).as("signed, then encrypted: " + original.body()).isEqualTo(202);
        }

        List<String> answers = new ArrayList<>();
        int validPadding = 0;
        for (int value = 0; value < 256; value++) {
            if (signedInside && value == (body[at] & 0xff)) {
                continue; // the unaltered body, accepted above
            }
            byte[] variant = body.clone();
            variant[at] = (byte) value;
            Path file = Files.write(work.resolve("variant.p7m"), variant);
            if (Openssl.run("cms", "-decrypt", "-inform", "DER", "-in", file.toString(), "-inkey", hubKey.toString(),
                    "-out", work.resolve("variant.out").toString()).exit() == 0) {
                validPadding++;
            }
            answers.add(answer(post(DEMO_TOKEN, ENVELOPED, variant), sha256(variant)));
        }

        assertThat(validPadding).as("variants with valid padding").isPositive().isLessThan(answers.size());
        assertThat(answers).as("what the portal can tell apart").containsOnly(answers.get(0));
        assertThat(answers.get(0)).contains("422 urn:xoev-hub:problem:decryption-failed")
                .contains("REJECTED DECRYPTION_FAILED").doesNotContain("DECRYPTED");
    }

    /**
     * What the portal sees of one refusal: the answer, and its state and Laufzettel as GET /api/v1/submissions/{id}
     * shows them, without what differs for every submission (id, times) or is the digest of what it sent.
     */
    private String answer(HttpResponse<String> response, String sha256) throws Exception {
        JsonNode problem = json.readTree(response.body());
        StringBuilder seen = new StringBuilder().append(response.statusCode()).append(' ')
                .append(problem.path("type").asText()).append(' ').append(problem.path("title").asText()).append(' ')
                .append(problem.path("detail").asText());
        JsonNode status = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + problem.path("id").asText()).body());
        assertThat(status.path("sha256").asText()).isEqualTo(sha256);
        seen.append('\n').append(status.path("state").asText()).append(' ').append(status.path("reason").asText())
                .append(' ').append(status.path("nachrichtenUUID")).append(' ').append(status.path("standard"))
                .append(' ').append(status.path("version")).append(' ').append(status.path("nachrichtentyp"))
                .append(' ').append(status.path("laufzettelIntact"));
        for (JsonNode event : status.path("laufzettel")) {
            seen.append('\n').append(event.path("seq").asInt()).append(' ').append(event.path("step").asText())
                    .append(' ').append(event.path("outcome").asText()).append(' ')
                    .append(event.path("detail").asText().replace(sha256, "<sha256 of the body>"));
        }
        return seen.toString();
    }

    /** The hub's encryption key as PEM, for openssl to tell which variants have valid padding. */
    private static Path hubEncryptionKey() throws Exception {
        Path pki = DATA_DIR.resolve("pki");
        char[] password = Files.readAllLines(pki.resolve("hub.p12.password")).get(0).strip().toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("hub.p12"))) {
            keystore.load(in, password);
        }
        Path pem = work.resolve("hub-encryption.key");
        PemFiles.write(pem, (PrivateKey) keystore.getKey("hub-encryption", password));
        return pem;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
