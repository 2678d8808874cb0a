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
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Routes and queues through the admin API: the list with figures, suspend and resume with a mandatory reason and
 * an audit entry (a suspended route leaves its messages waiting), a route action that fails (audited as FAILED,
 * explained on the API and the console), and the queue depths.
 */
class OperationsIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    CamelContext camel;

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
    void aRouteThatFailsToStartIsAuditedAsFailedAndExplainedWithoutTheEndpointsPassword() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String route = "unreachable-" + run;
        String uri = "unreachable-" + run + "://dms";
        camel.addEndpoint(uri, new UnreachableEndpoint(uri, camel));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(route).autoStartup(false).to("log:unreachable");
            }
        });
        try {
            var api = admin("POST", "/admin/api/routes/" + route + "/start",
                    "{\"reason\":\"DMS is back " + run + "\"}");
            assertThat(api.statusCode()).isEqualTo(500);
            JsonNode problem = json.readTree(api.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:route-action-failed");
            assertThat(problem.get("state").asText()).isEqualTo("Stopped");
            assertThat(problem.get("detail").asText()).contains("start of route " + route + " failed",
                    "no connection to sftp://hub:xxxxxx@dms.example", "audit log").doesNotContain(SECRET);

            ConsoleClient console = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
            console.get("/admin/routes");
            var page = console.post("/admin/routes/" + route, Map.of("action", "start", "reason", "again " + run),
                    true);
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(console.get("/admin/routes").body()).contains("Route " + route + ": start failed; the route "
                    + "is Stopped now.").doesNotContain(SECRET);

            JsonNode audit = json.readTree(admin("GET", "/admin/api/audit?target=" + route + "&limit=5", null).body());
            assertThat(audit.findValuesAsText("outcome")).containsExactly("FAILED", "FAILED");
            assertThat(audit.findValuesAsText("action")).containsOnly("ROUTE_START");
            assertThat(audit.findValuesAsText("actor")).containsExactlyInAnyOrder("admin", "admin-token");
            assertThat(audit.findValuesAsText("reason")).allSatisfy(reason -> assertThat(reason)
                    .contains(run, "failed: ", "no connection to").doesNotContain(SECRET));
        } finally {
            camel.removeRoute(route);
        }
    }

    @Test
    void queueDepthsListTheHubsQueues() throws Exception {
        JsonNode queues = json.readTree(admin("GET", "/admin/api/queues", null).body());
        assertThat(queues.findValuesAsText("queue")).contains("hub.inbox", "hub.quarantine", "hub.dlq", "fv.demo");
        assertThat(find(queues, "hub.inbox").get("consumers").asInt()).isPositive();
    }

    private static final String SECRET = "s3cret-pw";

    /** An endpoint whose consumer cannot start, and says so quoting its URI with the password, as Camel's may. */
    private static final class UnreachableEndpoint extends DefaultEndpoint {

        UnreachableEndpoint(String uri, CamelContext camel) {
            super(uri, null);
            setCamelContext(camel);
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("a consumer only");
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new DefaultConsumer(this, processor) {
                @Override
                protected void doStart() {
                    throw new IllegalStateException("no connection to sftp://hub:" + SECRET
                            + "@dms.example:22/in?password=" + SECRET);
                }
            };
        }
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
