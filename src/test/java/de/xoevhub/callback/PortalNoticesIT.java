package de.xoevhub.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A portal with a callback URL (a real HTTP server in the test) gets a signed notice for each state its submission
 * reaches after acceptance: DELIVERED, and REJECTED_BY_RECIPIENT after an independent Fachverfahren (Debian's
 * python3-qpid-proton) received the message over AMQP and answered on hub.receipts. The server refuses the first two attempts; the hub retries with backoff until it
 * answers 2xx, and the portal can check each notice's HMAC with its secret.
 */
class PortalNoticesIT extends HubIT {

    private static final String TOKEN = "callback-portal-token";
    private static final String SECRET = "it-callback-secret-0123456789";


    private record Received(Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger(2);
    private HttpServer portal;

    @BeforeEach
    void portalServer() throws Exception {
        portal = HttpServer.create(new InetSocketAddress("127.0.0.1", CALLBACK_PORT), 0);
        portal.createContext("/notices", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = refusals.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        portal.start();
    }

    @AfterEach
    void stop() {
        portal.stop(0);
    }

    @Test
    void signedNoticesArriveAfterRetriesForDeliveredAndAcknowledged() throws Exception {
        // leser amqp:* goes to fv.amqp-check, where the Python Fachverfahren takes it
        var response = post(TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "amqp:notice"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 1);
        JsonNode delivered = verified(received.get(0));
        assertThat(delivered.get("id").asText()).isEqualTo(id);
        assertThat(delivered.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.get("statusPath").asText()).isEqualTo("/api/v1/submissions/" + id);
        assertThat(refusals.get()).as("two refused attempts before").isNegative();

        // the round trip with an independent Fachverfahren: python3-qpid-proton receives over AMQP and answers
        python("src/test/python/fv_consumer.py", "amqp://127.0.0.1:" + BROKER_PORT, "fv.amqp-check", "1", "30");
        python("src/test/python/fv_acknowledge.py", "amqp://127.0.0.1:" + BROKER_PORT, id, "rejected", "AZ-7",
                "Zuständigkeit fehlt");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        JsonNode rejected = verified(received.get(1));
        assertThat(rejected.get("state").asText()).isEqualTo("REJECTED_BY_RECIPIENT");
        assertThat(rejected.get("reason").asText()).isEqualTo("Zuständigkeit fehlt");
    }

    private static void python(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(script + ": " + out).isZero();
    }

    /** Checks the HMAC as a portal would, and returns the notice. */
    private static JsonNode verified(Received r) throws Exception {
        String timestamp = r.headers().get("X-hub-timestamp").get(0);
        assertThat(r.headers().get("X-hub-signature")).containsExactly(NoticeSignature.sign(SECRET, timestamp, r.body()));
        assertThat(NoticeSignature.sign("another secret of the same length", timestamp, r.body()))
                .isNotEqualTo(r.headers().get("X-hub-signature").get(0));
        assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000)).isLessThan(60);
        return new ObjectMapper().readTree(r.body());
    }
}
