package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Routes and queues through the admin API: the list with figures, suspend and resume with a mandatory reason and
 * an audit entry (a suspended route leaves its messages waiting), and the queue depths.
 */
class OperationsIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void suspendedRouteLeavesItsMessagesWaitingUntilResumedAndBothAreAudited() throws Exception {
        String id = json.readTree(postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1")).body())
                .get("id").asText();
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        JsonNode routes = json.readTree(admin("GET", "/admin/api/routes", null).body());
        JsonNode router = find(routes, "inbox-router");
        assertThat(router.get("state").asText()).isEqualTo("Started");
        assertThat(router.get("exchangesTotal").asLong()).isPositive();
        assertThat(router.get("description").asText()).isNotBlank();

        assertThat(admin("POST", "/admin/api/routes/acknowledgements/suspend", "{}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/api/routes/nope/suspend", "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        String run = UUID.randomUUID().toString();
        var suspended = admin("POST", "/admin/api/routes/acknowledgements/suspend",
                "{\"reason\":\"DMS migration " + run + "\"}");
        assertThat(json.readTree(suspended.body()).get("state").asText()).isEqualTo("Suspended");
        try {
            try (var c = broker.createConnection()) {
                var session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                var ack = session.createMessage();
                ack.setStringProperty("hubMessageId", id);
                session.createProducer(session.createQueue("hub.receipts")).send(ack);
            }
            Thread.sleep(1_500);
            assertThat(status(DEMO_TOKEN, id).get("state").asText()).as("not taken while suspended").isEqualTo("DELIVERED");
            assertThat(find(json.readTree(admin("GET", "/admin/api/queues", null).body()), "hub.receipts")
                    .get("messages").asLong()).isPositive();
        } finally {
            var resumed = admin("POST", "/admin/api/routes/acknowledgements/resume", "{\"reason\":\"done " + run + "\"}");
            assertThat(json.readTree(resumed.body()).get("state").asText()).isEqualTo("Started");
        }
        awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");

        JsonNode audit = json.readTree(admin("GET", "/admin/api/audit?target=acknowledgements&limit=2", null).body());
        assertThat(audit.findValuesAsText("action")).containsExactly("ROUTE_RESUME", "ROUTE_SUSPEND");
        assertThat(audit.findValuesAsText("reason")).containsExactly("done " + run, "DMS migration " + run);
    }

    @Test
    void queueDepthsListTheHubsQueues() throws Exception {
        JsonNode queues = json.readTree(admin("GET", "/admin/api/queues", null).body());
        assertThat(queues.findValuesAsText("queue")).contains("hub.inbox", "hub.quarantine", "hub.dlq", "fv.demo");
        assertThat(find(queues, "hub.inbox").get("consumers").asInt()).isPositive();
    }

    private static JsonNode find(JsonNode list, String idOrQueue) {
        for (JsonNode n : list) {
            if (idOrQueue.equals(n.path("id").asText()) || idOrQueue.equals(n.path("queue").asText())) {
                return n;
            }
        }
        throw new AssertionError(idOrQueue + " not in " + list);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer demo-admin-token")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
