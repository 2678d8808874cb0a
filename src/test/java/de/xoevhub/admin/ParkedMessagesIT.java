package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Quarantine and dead letters through the admin API: list with reasons, replay after the cause is gone, discard
 * with a mandatory reason, and an audit entry for each action. A replay never gives a Fachverfahren a second copy.
 */
class ParkedMessagesIT extends HubIT {

    private static final String ADMIN = "demo-admin-token";
    /** While set, the pipeline fails after its send for messages whose leser starts with "flaky:". */
    private static final AtomicBoolean FAILING = new AtomicBoolean(true);
    /** The context whose inbox route was given that failure (once: all tests share the context). */
    private static CamelContext advised;

    @Autowired
    CamelContext camel;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    ParkedMessages parked;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void unroutableMessageIsListedAndDiscardedWithAReasonThatIsAudited() throws Exception {
        // tenant "other" has no routing rule
        var response = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();
        awaitState(OTHER_TOKEN, id, "QUARANTINED");

        JsonNode listed = find(admin("GET", "/admin/api/queues/quarantine/messages?limit=500", null), id);
        assertThat(listed.get("reason").asText()).isEqualTo("UNROUTABLE");
        assertThat(listed.get("tenant").asText()).isEqualTo("other");

        var noReason = admin("POST", "/admin/api/queues/quarantine/discard", "{\"ids\":[\"" + id + "\"]}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noReason.body()).get("type").asText()).isEqualTo("urn:xoev-hub:problem:reason-required");

        var discarded = admin("POST", "/admin/api/queues/quarantine/discard",
                "{\"ids\":[\"" + id + "\",\"not-an-id\"],\"reason\":\"test message, no procedure\"}");
        assertThat(json.readTree(discarded.body()).findValuesAsText("outcome")).containsExactly("DISCARDED", "INVALID_ID");
        JsonNode status = awaitState(OTHER_TOKEN, id, "DISCARDED");
        assertThat(status.get("reason").asText()).isEqualTo("test message, no procedure");
        assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        try (QueueProbe q = new QueueProbe(broker, "hub.quarantine", "hubMessageId = '" + id + "'")) {
            assertThat(q.receive(500)).as("gone from the quarantine").isNull();
        }

        JsonNode audit = json.readTree(admin("GET", "/admin/api/audit?target=" + id, null).body());
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.get("action").asText()).isEqualTo("DISCARD");
            assertThat(a.get("actor").asText()).isEqualTo("admin-token (Erika Mustermann)");
            assertThat(a.get("reason").asText()).isEqualTo("test message, no procedure");
            assertThat(a.get("outcome").asText()).isEqualTo("DISCARDED");
        });
        assertThat(admin("POST", "/admin/api/queues/quarantine/discard",
                "{\"ids\":[\"" + id + "\"],\"reason\":\"again\"}").body()).contains("NOT_FOUND");
    }

    @Test
    void deadLetterIsReplayedOnceTheCauseIsGoneAndDeliveredExactlyOnce() throws Exception {
        failAfterTheSendForFlakyMessages();
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "flaky:1");
        var response = postXml(body);
        String id = json.readTree(response.body()).get("id").asText();
        awaitState(DEMO_TOKEN, id, "FAILED");
        // the ledger says FAILED on the last attempt; the broker moves the message once that attempt rolled back
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                find(admin("GET", "/admin/api/queues/dlq/messages?limit=500", null), id).get("reason").asText())
                .contains("the procedure's queue is being migrated"));

        FAILING.set(false);
        var replayed = admin("POST", "/admin/api/queues/dlq/replay", "{\"ids\":[\"" + id + "\"],\"reason\":\"fixed\"}");
        assertThat(json.readTree(replayed.body()).findValuesAsText("outcome")).containsExactly("REPLAYED");
        JsonNode status = awaitState(DEMO_TOKEN, id, "DELIVERED");
        assertThat(status.get("laufzettel").findValuesAsText("outcome")).containsSubsequence("FAILED", "REPLAYED",
                "ROUTED", "DELIVERED");

        // as if a copy had reached the Fachverfahren already: park the message again and replay it once more
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            assertThat(fv.drain(1_000)).hasSize(1);
        }
        repark(id, body);
        admin("POST", "/admin/api/queues/dlq/replay", "{\"ids\":[\"" + id + "\"],\"reason\":\"twice\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body()).get("laufzettel")
                        .findValuesAsText("outcome")).containsSubsequence("REPLAYED", "ROUTED", "DELIVERED",
                        "REPLAYED", "ROUTED", "DELIVERED"));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            assertThat(fv.drain(2_000)).as("duplicate detection keeps the second copy out").isEmpty();
        }
        assertThat(json.readTree(admin("GET", "/admin/api/audit?target=" + id + "&action=REPLAY", null).body()))
                .hasSize(2);
    }

    @Test
    void aLongDeadLetterQueueIsListedOldestFirstAPageAtATime() throws Exception {
        // as after an outage: more dead letters than a page holds, of a tenant of their own
        String tenant = "bulk-" + UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        try (var c = broker.createConnection()) {
            var session = c.createSession(true, jakarta.jms.Session.SESSION_TRANSACTED);
            var producer = session.createProducer(session.createQueue("hub.dlq"));
            for (int i = 0; i < 1_200; i++) {
                ids.add(UUID.randomUUID().toString());
                var m = session.createBytesMessage();
                m.writeBytes(("<dead-letter n=\"" + i + "\"/>").getBytes(StandardCharsets.UTF_8));
                m.setStringProperty("hubMessageId", ids.get(i));
                m.setStringProperty("tenant", tenant);
                producer.send(m);
            }
            session.commit();
        }
        try {
            var listing = admin("GET", "/admin/api/queues/dlq/messages?limit=1000", null);
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(json.readTree(listing.body())).as("capped at a page").hasSize(ParkedMessages.MAX_LIST);

            assertThat(parked.list(ParkedMessages.Place.DLQ, 1_000, tenant::equals))
                    .extracting(ParkedMessages.Parked::hubMessageId)
                    .as("the oldest 500 of the tenant, in the queue's order")
                    .containsExactlyElementsOf(ids.subList(0, ParkedMessages.MAX_LIST));
            assertThat(parked.list(ParkedMessages.Place.DLQ, 3, tenant::equals))
                    .extracting(ParkedMessages.Parked::hubMessageId).containsExactlyElementsOf(ids.subList(0, 3));
        } finally {
            try (QueueProbe q = new QueueProbe(broker, "hub.dlq", "tenant = '" + tenant + "'")) {
                assertThat(q.drain(1_000)).hasSize(1_200);
            }
        }
    }

    @Test
    void aLargeDeadLetterIsReplayedStreamedAndArrivesByteForByte() throws Exception {
        failAfterTheSendForFlakyMessages();
        // past the broker's large-message size (100 KiB) and the hub's spool threshold (1 MiB)
        byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "flaky:large", 5 << 20);
        String id = accept(body);
        awaitState(DEMO_TOKEN, id, "FAILED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                find(admin("GET", "/admin/api/queues/dlq/messages?limit=500", null), id));

        FAILING.set(false);
        var replayed = admin("POST", "/admin/api/queues/dlq/replay", "{\"ids\":[\"" + id + "\"],\"reason\":\"fixed\"}");
        assertThat(json.readTree(replayed.body()).findValuesAsText("outcome")).containsExactly("REPLAYED");
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(10_000);
            assertThat(delivered).isNotNull();
            assertThat(sha256(delivered.body())).as("the replayed copy, byte for byte").isEqualTo(sha256(body));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spoolFiles())
                .as("the replay's spool file is deleted").noneMatch(f -> f.startsWith("replay-")));
    }

    @Test
    void aTextMessageOnTheDeadLetterQueueIsRefusedNotReplayedEmpty() throws Exception {
        // the hub parks only BytesMessages; a TextMessage got there some other way (e.g. a receipt of a Fachverfahren)
        String id = UUID.randomUUID().toString();
        try (var c = broker.createConnection()) {
            var session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var m = session.createTextMessage("<quittung>not a pipeline message</quittung>");
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("tenant", "demo");
            session.createProducer(session.createQueue("hub.dlq")).send(m);
        }

        var replayed = json.readTree(admin("POST", "/admin/api/queues/dlq/replay",
                "{\"ids\":[\"" + id + "\"],\"reason\":\"try it\"}").body());
        assertThat(replayed.findValuesAsText("outcome")).containsExactly("FAILED");
        assertThat(replayed.get(0).get("detail").asText()).contains("not replayed", "TextMessage");
        assertThat(json.readTree(admin("GET", "/admin/api/audit?target=" + id + "&action=REPLAY", null).body()))
                .singleElement().satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("FAILED"));
        // still parked, with its text, so it can be looked at and discarded
        assertThat(parked.list(ParkedMessages.Place.DLQ, 500, t -> true))
                .extracting(ParkedMessages.Parked::hubMessageId).contains(id);
        var discarded = admin("POST", "/admin/api/queues/dlq/discard",
                "{\"ids\":[\"" + id + "\"],\"reason\":\"not ours\"}");
        assertThat(json.readTree(discarded.body()).findValuesAsText("outcome")).containsExactly("DISCARDED");
    }

    @Test
    void aParkedMessageThatIsNotTheSubmissionsOwnIsRefusedAndShownToNoOtherTenant() throws Exception {
        // as a forged receipt reached hub.dlq while hub.receipts had no dead-letter queue of its own: a bytes message
        // under the id of a delivered message of tenant demo; once from hub.receipts (its tenant property right), once
        // dressed for tenant other and pretending to be a dead letter of hub.inbox
        for (String[] forgery : new String[][] {{"hub.receipts", "demo"}, {"hub.inbox", "other"}}) {
            String origin = forgery[0];
            String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
            awaitState(DEMO_TOKEN, id, "DELIVERED");
            String marker = "Forged" + UUID.randomUUID().toString().substring(0, 8);
            park(id, origin, forgery[1], "other:1", new String(DemoMessages.antrag(UUID.randomUUID().toString(),
                    "other:1"), StandardCharsets.UTF_8).replace("Mustermann", marker).getBytes(StandardCharsets.UTF_8));

            assertThat(parked.list(ParkedMessages.Place.DLQ, 500, "other"::equals))
                    .extracting(ParkedMessages.Parked::hubMessageId).as("listed by the ledger's tenant, " + origin)
                    .doesNotContain(id);
            assertThat(parked.list(ParkedMessages.Place.DLQ, 500, "demo"::equals))
                    .filteredOn(p -> id.equals(p.hubMessageId())).singleElement()
                    .satisfies(p -> assertThat(p.tenant()).isEqualTo("demo"));
            ConsoleClient console = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
            assertThat(console.get("/admin/messages/" + id + "/payload").body())
                    .as("not shown as the message's payload").contains("payload-absent").doesNotContain(marker);

            // select all, replay: refused and audited, like a body that is no bytes message
            JsonNode replayed = json.readTree(admin("POST", "/admin/api/queues/dlq/replay",
                    "{\"ids\":[\"" + id + "\"],\"reason\":\"select all\"}").body());
            assertThat(replayed.findValuesAsText("outcome")).as(origin).containsExactly("FAILED");
            assertThat(replayed.get(0).get("detail").asText()).startsWith("not replayed");
            assertThat(json.readTree(admin("GET", "/admin/api/audit?target=" + id + "&action=REPLAY", null).body()))
                    .singleElement().satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("FAILED"));
            try (QueueProbe other = new QueueProbe(broker, "fv.other-fv", "hubMessageId = '" + id + "'")) {
                assertThat(other.drain(2_000)).as("nothing reaches tenant other's procedure").isEmpty();
            }

            var discarded = admin("POST", "/admin/api/queues/dlq/discard",
                    "{\"ids\":[\"" + id + "\"],\"reason\":\"not this message's\"}");
            assertThat(json.readTree(discarded.body()).findValuesAsText("outcome")).containsExactly("DISCARDED");
            JsonNode status = status(DEMO_TOKEN, id);
            assertThat(status.get("state").asText()).as("the delivered message stays delivered").isEqualTo("DELIVERED");
            assertThat(status.get("laufzettel").findValuesAsText("outcome")).doesNotContain("REPLAYED", "DISCARDED");
            assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        }
    }

    @Test
    void aForgedReceiptIsRecordedAsInvalidAndNothingOfItIsParkedOrReplayed() throws Exception {
        // the reviewer's scenario: the Fachverfahren of tenant demo (it may send to hub.receipts only) answers a
        // message it received with a bytes message dressed for tenant other and a destination too long to store
        String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        int invalid = invalidAcknowledgements();
        try (var c = broker.createConnection()) {
            var session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var m = session.createBytesMessage();
            m.writeBytes(DemoMessages.antrag(UUID.randomUUID().toString(), "other:1"));
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("hubDestination", "d".repeat(65));
            m.setStringProperty("tenant", "other");
            m.setStringProperty("leser", "other:1");
            session.createProducer(session.createQueue("hub.receipts")).send(m);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> invalidAcknowledgements() > invalid);

        var replayed = admin("POST", "/admin/api/queues/dlq/replay", "{\"ids\":[\"" + id + "\"],\"reason\":\"all\"}");
        assertThat(json.readTree(replayed.body()).findValuesAsText("outcome")).containsExactly("NOT_FOUND");
        for (String queue : List.of("hub.dlq", "DLQ.hub.receipts", "fv.other-fv")) {
            try (QueueProbe q = new QueueProbe(broker, queue, "hubMessageId = '" + id + "'")) {
                assertThat(q.drain(1_000)).as(queue).isEmpty();
            }
        }
        JsonNode status = status(DEMO_TOKEN, id);
        assertThat(status.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(status.get("laufzettel").findValuesAsText("detail")).noneMatch(d -> d.contains("other-fv"));
    }

    @Test
    void portalTokensCannotUseIt() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api/queues/dlq/messages"))
                .header("Authorization", "Bearer " + DEMO_TOKEN).GET().build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    /** The pipeline fails after its send for messages whose leser starts with "flaky:" while FAILING is set. */
    private void failAfterTheSendForFlakyMessages() throws Exception {
        FAILING.set(true);
        if (advised != camel) {
            advised = camel;
            AdviceWith.adviceWith(camel, "inbox-router", route -> route.weaveByToUri("jms:queue:fv.*").after()
                    .process(exchange -> {
                        String leser = exchange.getMessage().getHeader("leser", String.class);
                        if (FAILING.get() && leser != null && leser.startsWith("flaky:")) {
                            throw new IOException("the procedure's queue is being migrated");
                        }
                    }));
        }
        if (!camel.getRouteController().getRouteStatus("inbox-router").isStarted()) {
            camel.getRouteController().startRoute("inbox-router");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> spoolFiles() throws IOException {
        try (var files = java.nio.file.Files.list(DATA_DIR.resolve("spool"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private void repark(String id, byte[] body) throws Exception {
        park(id, "hub.inbox", "demo", "flaky:1", body);
    }

    /** Puts a bytes message on hub.dlq as the broker moves a dead letter there, with its original address. */
    private void park(String id, String origin, String tenant, String leser, byte[] body) throws Exception {
        try (var c = broker.createConnection()) {
            var session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var m = session.createBytesMessage();
            m.writeBytes(body);
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("tenant", tenant);
            m.setStringProperty("leser", leser);
            m.setStringProperty("_AMQ_ORIG_ADDRESS", origin);
            session.createProducer(session.createQueue("hub.dlq")).send(m);
        }
    }

    private int invalidAcknowledgements() {
        return jdbc.sql("SELECT count(*) FROM acknowledgement WHERE disposition = 'INVALID' AND detail LIKE "
                + "'%hubDestination is longer than%'").query(Integer.class).single();
    }

    private JsonNode find(HttpResponse<String> listing, String id) throws Exception {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        for (JsonNode m : json.readTree(listing.body())) {
            if (id.equals(m.path("hubMessageId").asText())) {
                return m;
            }
        }
        throw new AssertionError(id + " not listed: " + listing.body());
    }

    private HttpResponse<String> admin(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN).header("X-Hub-Actor", "Erika Mustermann")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
