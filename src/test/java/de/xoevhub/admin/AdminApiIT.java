package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.schema.SchemaRegistry;
import de.xoevhub.tracking.Ledger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin API of the schema registry: list, reload (unscoped ADMINs only, audited), and dry-run without accepting
 * anything.
 */
class AdminApiIT extends HubIT {

    static final String ADMIN_TOKEN = "demo-admin-token";
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistry registry;

    @Test
    void listsBundlesWithMessageTypesAndSourceAndReloads() throws Exception {
        JsonNode registry = json.readTree(send("GET", "/admin/api/bundles", ADMIN_TOKEN, null, null).body());
        JsonNode demo = bundle(registry, "xoevhub-demo-1.0");
        assertThat(demo.get("standard").asText()).isEqualTo("XoevHubDemo");
        assertThat(demo.get("version").asText()).isEqualTo("1.0");
        assertThat(demo.get("namespaces").get(0).asText()).isEqualTo("urn:xoevhub:demo:1");
        assertThat(demo.get("messageTypes").toString()).contains("demo.antrag.0001", "demo.quittung.0002");
        assertThat(demo.get("source").asText()).endsWith("schemas/demo/bundle.yaml");
        assertThat(registry.get("loadErrors").isArray()).isTrue();

        var reloaded = send("POST", "/admin/api/bundles/reload", ADMIN_TOKEN, null, null);
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(bundle(json.readTree(reloaded.body()), "xoevhub-demo-1.0")).isNotNull();
        assertThat(postXml(DemoMessages.antrag()).statusCode()).as("intake works after a reload").isEqualTo(202);
    }

    @Test
    void aTenantScopedAdminCannotReloadTheBundlesAndUnscopedReloadsAreAudited() throws Exception {
        var installed = registry.bundles();
        long audited = reloadsBy("scoped-admin");
        ConsoleClient scoped = ConsoleClient.loggedIn(port, "scoped-admin", "scoped-admin-password");
        var refused = scoped.postJson("/admin/api/bundles/reload", "{}", true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("hub-wide views need an unscoped account");
        assertThat(scoped.post("/admin/bundles/reload", Map.of(), true).statusCode())
                .as("nor from the console").isEqualTo(403);
        assertThat(registry.bundles()).as("nothing reloaded").isSameAs(installed);
        assertThat(reloadsBy("scoped-admin")).isEqualTo(audited);

        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        long byAdmin = reloadsBy("admin");
        assertThat(admin.postJson("/admin/api/bundles/reload", "{}", true).statusCode()).isEqualTo(200);
        assertThat(registry.bundles()).as("reloaded").isNotSameAs(installed);
        assertThat(reloadsBy("admin")).isEqualTo(byAdmin + 1);

        String person = "Erika " + UUID.randomUUID().toString().substring(0, 8);
        var byToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api/bundles/reload"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Hub-Actor", person)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(byToken, HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT target, outcome FROM audit_log WHERE action = 'BUNDLES_RELOAD' AND actor = ?")
                .param("admin-token (" + person + ")").query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                .list()).singleElement().asString()
                .isIn("schema-registry RELOADED", "schema-registry RELOADED_WITH_LOAD_ERRORS");
    }

    private long reloadsBy(String actor) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'BUNDLES_RELOAD' AND actor = ?").param(actor)
                .query(Long.class).single();
    }

    @Test
    void portalTokensAndMissingTokensCannotReachTheAdminApi() throws Exception {
        assertThat(send("GET", "/admin/api/bundles", DEMO_TOKEN, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/api/bundles", null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/api/dry-run?tenant=demo", DEMO_TOKEN, "application/xml",
                DemoMessages.antrag()).statusCode()).isEqualTo(401);
    }

    @Test
    void dryRunReportsStandardValidationAndRoutingWithoutAcceptingAnything() throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM submission").query(Long.class).single();
        String uuid = UUID.randomUUID().toString();

        var response = send("POST", "/admin/api/dry-run?tenant=demo", ADMIN_TOKEN, "application/xml",
                DemoMessages.antrag(uuid, "amqp:x"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode run = json.readTree(response.body());
        assertThat(run.get("bundle").asText()).isEqualTo("xoevhub-demo-1.0");
        assertThat(run.get("valid").asBoolean()).isTrue();
        assertThat(run.get("head").get("nachrichtenUUID").asText()).isEqualTo(uuid);
        assertThat(run.get("routing").get("rule").asText()).isEqualTo("amqp-check");
        assertThat(run.get("routing").get("destinations").get(0).asText()).isEqualTo("amqp-check");

        JsonNode otherTenant = json.readTree(send("POST", "/admin/api/dry-run?tenant=other", ADMIN_TOKEN,
                "application/xml", DemoMessages.antrag()).body());
        assertThat(otherTenant.get("routing")).as("unroutable for a tenant without rules").isNull();

        JsonNode invalid = json.readTree(send("POST", "/admin/api/dry-run?tenant=demo", ADMIN_TOKEN,
                "application/xml", Files.readAllBytes(DemoMessages.INVALID_SAMPLE)).body());
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.get("report").get("violations").get(0).get("line").asInt()).isEqualTo(16);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM submission").query(Long.class).single())
                .as("nothing recorded").isEqualTo(before);
    }

    @Test
    void dryRunOfARealXRechnungShowsTheLeitwegIdAndTheSchematronVerdict() throws Exception {
        Path invoice = SHARED.resolve("xrechnung/itplr-kosit_xrechnung-testsuite/src/test/business-cases/"
                + "standard/01.01a-INVOICE_ubl.xml");
        assumeTrue(Files.exists(invoice), "../shared/xoev is not present");
        JsonNode run = json.readTree(send("POST", "/admin/api/dry-run?tenant=demo", ADMIN_TOKEN, "application/xml",
                Files.readAllBytes(invoice)).body());
        assertThat(run.get("bundle").asText()).isEqualTo("xrechnung-ubl-3.0");
        assertThat(run.get("head").get("standard").asText()).isEqualTo("XRechnung");
        assertThat(run.get("head").get("leser").asText()).isNotBlank();
        assertThat(run.get("valid").asBoolean()).as(run.toString()).isTrue();

        String broken = Files.readString(invoice).replaceFirst("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "");
        JsonNode noLeitwegId = json.readTree(send("POST", "/admin/api/dry-run?tenant=demo", ADMIN_TOKEN,
                "application/xml", broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)).body());
        assertThat(noLeitwegId.get("valid").asBoolean()).isFalse();
        assertThat(noLeitwegId.get("report").get("findings").toString()).contains("BR-DE-15");
    }

    private JsonNode bundle(JsonNode registry, String id) {
        for (JsonNode b : registry.get("bundles")) {
            if (b.get("id").asText().equals(id)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + id + " in " + registry);
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
