package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** The portal API end to end: accept, receipt, status and Laufzettel, delivery to fv.demo, and every refusal. */
class SubmissionApiIT extends HubIT {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    Ledger ledger;

    @Test
    void acceptsValidMessageWithReceiptAndDeliversItToTheDemoQueue() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "ags:09000009");

        var response = postXml(body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode receipt = json.readTree(response.body());
        String id = receipt.get("id").asText();
        assertThat(receipt.get("nachrichtenUUID").asText()).isEqualTo(uuid);
        assertThat(receipt.get("standard").asText()).isEqualTo("XoevHubDemo");
        assertThat(receipt.get("version").asText()).isEqualTo("1.0");
        assertThat(receipt.get("nachrichtentyp").asText()).isEqualTo("0001");
        assertThat(receipt.get("sha256").asText()).isEqualTo(sha256(body));
        assertThat(receipt.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(receipt.get("receivedAt").asText()).isNotBlank();
        assertThat(receipt.get("statusUrl").asText()).endsWith("/api/v1/submissions/" + id);
        assertThat(response.headers().firstValue("Location")).hasValue(receipt.get("statusUrl").asText());

        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("delivery on fv.demo").isNotNull();
            assertThat(delivered.body()).isEqualTo(body);
            assertThat(delivered.property("tenant")).isEqualTo("demo");
            assertThat(delivered.property("standard")).isEqualTo("XoevHubDemo");
            assertThat(delivered.property("version")).isEqualTo("1.0");
            assertThat(delivered.property("nachrichtentyp")).isEqualTo("0001");
            assertThat(delivered.property("nachrichtenUUID")).isEqualTo(uuid);
            assertThat(delivered.property("autor")).isEqualTo("psw:01003110");
            assertThat(delivered.property("leser")).isEqualTo("ags:09000009");
            assertThat(delivered.property("sha256")).isEqualTo(sha256(body));
            assertThat(delivered.message().getBooleanProperty("test")).isTrue();
            assertThat(delivered.property("_AMQ_DUPL_ID")).isEqualTo(id + ":demo");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = json.readTree(get(DEMO_TOKEN, receipt.get("statusUrl").asText()).body());
            assertThat(status.get("state").asText()).isEqualTo("DELIVERED");
        });
        JsonNode status = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body());
        assertThat(status.get("laufzettelIntact").asBoolean()).isTrue();
        assertThat(status.get("laufzettel").findValuesAsText("outcome"))
                .containsExactly("RECEIVED", "VALID", "ACCEPTED", "ROUTED", "DELIVERED");
        assertThat(status.get("laufzettel").get(0).get("at").asText()).isNotBlank();
    }

    @Test
    void aDocumentTheBundlesRulesRaiseAnErrorOnIsRecordedAndRefused() throws Exception {
        // XSD-valid, but the bundle's Schematron casts datum to xs:date (src/test/resources/bundles/rule-error-1.0)
        var refused = postXml("<antrag xmlns=\"urn:xoevhub:test:rule-error\"><datum>kein-datum-4711</datum></antrag>".getBytes(StandardCharsets.UTF_8));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = assertProblem(refused.body(), "validation-incomplete");
        assertThat(problem.get("detail").asText()).contains("rule-error.sch").contains("FORG0001")
                .as("nothing of the document").doesNotContain("4711");
        String id = problem.get("id").asText();
        JsonNode status = status(DEMO_TOKEN, id);
        assertThat(status.get("state").asText()).isEqualTo("REJECTED");
        assertThat(status.get("laufzettel").findValuesAsText("outcome")).endsWith("RULE_ERROR");
        assertThat(status.toString()).doesNotContain("4711");
    }

    @Test
    void resubmissionReturnsTheOriginalReceiptAndIsNotDeliveredTwice() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "ags:09000009");
        var first = postXml(body);
        assertThat(first.statusCode()).isEqualTo(202);
        String id = json.readTree(first.body()).get("id").asText();

        var again = postXml(body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("id").asText()).isEqualTo(id);
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "nachrichtenUUID = '" + uuid + "'")) {
            assertThat(fv.drain(3_000)).hasSize(1);
        }

        var conflicting = postXml(new String(body, StandardCharsets.UTF_8).replace("Erika", "Erik")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(conflicting.statusCode()).isEqualTo(409);
        assertProblem(conflicting.body(), "nachrichtenuuid-conflict");
    }

    @Test
    void concurrentIdenticalSubmissionsAreAcceptedOnceAndDeliveredOnce() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "ags:09000009");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<java.net.http.HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(pool.submit(() -> postXml(body)));
            }
            List<Integer> statuses = new ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var call : calls) {
                var response = call.get();
                statuses.add(response.statusCode());
                ids.add(json.readTree(response.body()).get("id").asText());
            }
            assertThat(statuses).containsOnly(200, 202).containsOnlyOnce(202);
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdown();
        }
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "nachrichtenUUID = '" + uuid + "'")) {
            assertThat(fv.drain(3_000)).hasSize(1);
        }
    }

    @Test
    void overlongHeaderFieldAndBrokenContentTypeGetSpecificProblems() throws Exception {
        byte[] longLeser = DemoMessages.sample().replace("ags:09000009", "ags:" + "9".repeat(300))
                .getBytes(StandardCharsets.UTF_8);
        var tooLong = postXml(longLeser);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        JsonNode problem = assertProblem(tooLong.body(), "xml-limit-exceeded");
        assertThat(ledger.find(problem.get("id").asText())).isPresent();

        var broken = post(DEMO_TOKEN, "foo", DemoMessages.antrag());
        assertThat(broken.statusCode()).isEqualTo(415);
        assertProblem(broken.body(), "unsupported-media-type");

        var wrongMethod = get(DEMO_TOKEN, "/api/v1/nothing-here");
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void schemaInvalidMessageGets422WithEachViolationAndIsRecordedAsRejected() throws Exception {
        var response = postXml(Files.readAllBytes(DemoMessages.INVALID_SAMPLE));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = assertProblem(response.body(), "schema-invalid");
        assertThat(problem.get("violationCount").asInt()).isEqualTo(problem.get("violations").size()).isPositive();
        JsonNode first = problem.get("violations").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(16);
        assertThat(first.get("column").asInt()).isPositive();
        assertThat(first.get("path").asText()).isEqualTo("/demo.antrag.0001/antrag/antragsteller/geburtsdatum");
        assertThat(first.get("message").asText()).contains("vorname");
        assertThat(problem.findValuesAsText("message")).anyMatch(m -> m.contains("nicht-ein-datum"));

        String id = problem.get("id").asText();
        assertThat(ledger.find(id)).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SubmissionState.REJECTED));
        JsonNode status = json.readTree(get(DEMO_TOKEN, "/api/v1/submissions/" + id).body());
        assertThat(status.get("state").asText()).isEqualTo("REJECTED");
        assertThat(status.get("laufzettel").get(1).get("outcome").asText()).isEqualTo("INVALID");
        assertThat(status.get("laufzettel").get(1).get("detail").asText()).contains("nicht-ein-datum");
    }

    @Test
    void unknownStandardGets422NamingNamespaceAndVersion() throws Exception {
        byte[] body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <x:antrag xmlns:x="urn:example:unbekannt" standard="XUnbekannt" version="9.9"><x:a/></x:antrag>
                """.strip().getBytes(StandardCharsets.UTF_8);
        var response = postXml(body);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = assertProblem(response.body(), "unknown-standard");
        assertThat(problem.get("namespace").asText()).isEqualTo("urn:example:unbekannt");
        assertThat(problem.get("version").asText()).isEqualTo("9.9");
        assertThat(problem.get("detail").asText()).contains("urn:example:unbekannt").contains("9.9");

        byte[] wrongVersion = DemoMessages.sample()
                .replace("standard=\"XoevHubDemo\" version=\"1.0\"", "standard=\"XoevHubDemo\" version=\"7.0\"")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode p2 = assertProblem(postXml(wrongVersion).body(), "unknown-standard");
        assertThat(p2.get("namespace").asText()).isEqualTo("urn:xoevhub:demo:1");
        assertThat(p2.get("version").asText()).isEqualTo("7.0");
        assertThat(ledger.find(p2.get("id").asText()))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SubmissionState.REJECTED));
    }

    @Test
    void malformedXmlGets400WithLineAndColumn() throws Exception {
        String text = DemoMessages.sample().replace("</antrag>", "</antragX>");
        var response = postXml(text.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = assertProblem(response.body(), "malformed-xml");
        assertThat(problem.get("line").asInt()).isEqualTo(28);
        assertThat(problem.get("column").asInt()).isPositive();
        assertThat(problem.get("detail").asText()).startsWith("line 28, column");
    }

    @Test
    void missingOrWrongTokenGets401AndWrongMediaType415() throws Exception {
        assertProblem(post(null, "application/xml", DemoMessages.antrag()).body(), "unauthorized");
        var wrong = post("not-a-token", "application/xml", DemoMessages.antrag());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(get("not-a-token", "/api/v1/submissions/x").statusCode()).isEqualTo(401);
        var json = post(DEMO_TOKEN, "application/json", DemoMessages.antrag());
        assertThat(json.statusCode()).isEqualTo(415);
        String id = assertProblem(json.body(), "unsupported-media-type").get("id").asText();
        assertThat(ledger.find(id)).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(SubmissionState.REJECTED);
            assertThat(s.reason()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            assertThat(s.sha256()).as("body never read").isNull();
        });
    }

    @Test
    void aPortalSeesOnlyItsOwnSubmissions() throws Exception {
        var response = postXml(DemoMessages.antrag());
        String id = json.readTree(response.body()).get("id").asText();

        assertThat(get(DEMO_TOKEN, "/api/v1/submissions/" + id).statusCode()).isEqualTo(200);
        var foreign = get(OTHER_TOKEN, "/api/v1/submissions/" + id);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertProblem(foreign.body(), "not-found");
        assertThat(get(DEMO_TOKEN, "/api/v1/submissions/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void unroutableMessageIsQuarantinedWithReason() throws Exception {
        String uuid = UUID.randomUUID().toString();
        var response = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(uuid, "ags:09000009"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();

        try (QueueProbe quarantine = new QueueProbe(broker, "hub.quarantine", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received kept = quarantine.receive(20_000);
            assertThat(kept).isNotNull();
            assertThat(kept.property("hubReason")).isEqualTo("UNROUTABLE");
            assertThat(kept.property("tenant")).isEqualTo("other");
        }
        JsonNode status = json.readTree(get(OTHER_TOKEN, "/api/v1/submissions/" + id).body());
        assertThat(status.get("state").asText()).isEqualTo("QUARANTINED");
        assertThat(status.get("reason").asText()).isEqualTo("UNROUTABLE");
        assertThat(status.get("laufzettel").findValuesAsText("outcome")).contains("UNROUTABLE");
    }

    private JsonNode assertProblem(String body, String type) throws Exception {
        JsonNode problem = json.readTree(body);
        assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:" + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
