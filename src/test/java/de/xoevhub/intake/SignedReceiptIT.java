package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.seal.Openssl;
import de.xoevhub.seal.PemFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The signed receipt: a CMS SignedData by the hub over the 202 receipt, which openssl verifies against the dev CA
 * with the hub's certificate as signer. Only the submitting portal gets it, and only for an accepted submission.
 */
class SignedReceiptIT extends HubIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void receiptIsSignedByTheHubAndOpensslVerifiesIt() throws Exception {
        var accepted = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode receipt = json.readTree(accepted.body());
        String id = receipt.get("id").asText();

        HttpResponse<byte[]> signed = getBytes(DEMO_TOKEN, "/api/v1/submissions/" + id + "/receipt");
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/pkcs7-mime").contains("smime-type=signed-data");

        Path work = Files.createTempDirectory(DATA_DIR, "receipt-");
        Path file = work.resolve("receipt.p7m");
        Files.write(file, signed.body());
        Path content = work.resolve("receipt.json");
        Path signer = work.resolve("signer.pem");
        Openssl.Result verify = Openssl.run("cms", "-verify", "-inform", "DER", "-in", file.toString(), "-CAfile",
                DATA_DIR.resolve("pki/ca.crt").toString(), "-out", content.toString(), "-signer", signer.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(json.readTree(Files.readAllBytes(content))).isEqualTo(receipt);
        assertThat(PemFiles.certificates(signer)).containsExactly(
                PemFiles.certificates(DATA_DIR.resolve("pki/hub.crt")).get(0));
        assertThat(Openssl.print(file)).contains("signingTime").contains("id-smime-aa-signingCertificateV2");

        // one changed byte in the encapsulated receipt and the signature no longer holds
        byte[] tampered = signed.body().clone();
        int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf(receipt.get("sha256").asText());
        tampered[at] = (byte) (tampered[at] == 'a' ? 'b' : 'a');
        Files.write(file, tampered);
        assertThat(Openssl.run("cms", "-verify", "-inform", "DER", "-in", file.toString(), "-CAfile",
                DATA_DIR.resolve("pki/ca.crt").toString(), "-out", content.toString()).exit()).isNotZero();
    }

    @Test
    void anotherPortalAndARejectedSubmissionGetNoReceipt() throws Exception {
        var accepted = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        String id = json.readTree(accepted.body()).get("id").asText();
        assertThat(getBytes(OTHER_TOKEN, "/api/v1/submissions/" + id + "/receipt").statusCode()).isEqualTo(404);
        assertThat(getBytes(null, "/api/v1/submissions/" + id + "/receipt").statusCode()).isEqualTo(401);

        var rejected = postXml("<nicht-wohlgeformt".getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.statusCode()).isEqualTo(400);
        String rejectedId = json.readTree(rejected.body()).get("id").asText();
        HttpResponse<byte[]> none = getBytes(DEMO_TOKEN, "/api/v1/submissions/" + rejectedId + "/receipt");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json.readTree(none.body()).get("type").asText()).isEqualTo("urn:xoev-hub:problem:no-receipt");
    }

    private HttpResponse<byte[]> getBytes(String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
