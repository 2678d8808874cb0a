package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs against the running hub. Each gets its specific error fast (well under a second), and the hub
 * stays ready afterwards.
 */
class HostileInputIT extends HubIT {

    private static final Duration FAST = Duration.ofSeconds(1);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void hubStaysHealthy() throws Exception {
        HttpResponse<String> readiness = get(null, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void xxeReadingALocalFileIsRefused() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE demo:demo.antrag.0001 [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                """ + DemoMessages.sample().substring(DemoMessages.sample().indexOf("<demo:"))
                .replace("<leistung>Wohngeld</leistung>", "<leistung>&xxe;</leistung>");
        JsonNode problem = timedProblem(xxe.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(problem.get("type").asText()).endsWith(":doctype-forbidden");
        assertThat(problem.toString()).doesNotContain("root:x:0:0");
    }

    @Test
    void billionLaughsIsRefused() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
        }
        dtd.append("]>\n<lolz>&lol9;</lolz>");
        JsonNode problem = timedProblem(dtd.toString().getBytes(StandardCharsets.UTF_8), 400);
        assertThat(problem.get("type").asText()).endsWith(":doctype-forbidden");
    }

    @Test
    void hundredThousandLevelNestingIsRefused() throws Exception {
        int depth = 100_000;
        StringBuilder doc = new StringBuilder(depth * 8);
        doc.append("<demo:demo.antrag.0001 xmlns:demo=\"urn:xoevhub:demo:1\" standard=\"XoevHubDemo\" version=\"1.0\">");
        doc.append("<a>".repeat(depth)).append("</a>".repeat(depth)).append("</demo:demo.antrag.0001>");
        JsonNode problem = timedProblem(doc.toString().getBytes(StandardCharsets.UTF_8), 400);
        assertThat(problem.get("type").asText()).endsWith(":xml-limit-exceeded");
        assertThat(problem.get("detail").asText()).contains("256");
    }

    @Test
    void malformedUtf8IsRefusedWithPosition() throws Exception {
        byte[] sample = DemoMessages.antrag();
        String text = new String(sample, StandardCharsets.UTF_8);
        int at = text.indexOf("Mustermann");
        byte[] broken = sample.clone();
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28; // 0xC3 must be followed by a continuation byte
        JsonNode problem = timedProblem(broken, 400);
        assertThat(problem.get("type").asText()).endsWith(":malformed-xml");
        assertThat(problem.get("detail").asText()).containsIgnoringCase("UTF-8");
    }

    @Test
    void wrongTokenIsRefused() throws Exception {
        long start = System.nanoTime();
        var response = post("wrong-token", "application/xml", DemoMessages.antrag());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).get("type").asText()).endsWith(":unauthorized");
    }

    @Test
    void oversizedBodyGets413BeforeItIsSentToTheEnd() throws Exception {
        long declared = 200L * 1024 * 1024; // far above the 64 MiB default limit
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write(("POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + DEMO_TOKEN + "\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]); // a first slice only: the rest is never sent
            out.flush();
            String head = readHead(socket.getInputStream());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head).containsIgnoringCase("application/problem+json");
        }
    }

    @Test
    void oversizedChunkedBodyIsCutOffAtTheLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + DEMO_TOKEN + "\r\nContent-Type: application/xml\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1024 * 1024];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            String head = null;
            // 70 MiB at most are offered; the hub must answer after the 64 MiB limit without waiting for the end
            for (int i = 0; i < 70 && head == null; i++) {
                try {
                    out.write(size.getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException closedByHub) {
                    break;
                }
                if (socket.getInputStream().available() > 0) {
                    head = readHead(socket.getInputStream());
                }
            }
            if (head == null) {
                head = readHead(socket.getInputStream());
            }
            assertThat(head).startsWith("HTTP/1.1 413");
        }
    }

    private JsonNode timedProblem(byte[] body, int status) throws Exception {
        long start = System.nanoTime();
        var response = postXml(body);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(took).isLessThan(FAST);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return json.readTree(response.body());
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
