package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's payload view (ADMIN only, every view audited, only while parked), the configuration views (routing
 * table, destinations with their certificates, dry-run form), the search by destination and the dashboard's
 * sparklines and SFTP destinations, over real HTTP against the whole hub.
 */
class ConsoleViewsIT extends HubIT {

    @Autowired
    AuditLog audit;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyAnAdminSeesAParkedPayloadAndEachViewIsAudited() throws Exception {
        // a name only the payload has (the ledger and the Laufzettel do not keep it)
        String uuid = "Payload" + UUID.randomUUID().toString().substring(0, 8);
        // tenant "other" has no routing rule: parked on hub.quarantine with its content
        var response = post(OTHER_TOKEN, "application/xml", new String(DemoMessages.antrag(), StandardCharsets.UTF_8)
                .replace("Mustermann", uuid).getBytes(StandardCharsets.UTF_8));
        String id = json.readTree(response.body()).get("id").asText();
        awaitState(OTHER_TOKEN, id, "QUARANTINED");

        for (String[] account : new String[][] {{"operator", "operator-password"}, {"auditor", "auditor-password"}}) {
            ConsoleClient c = ConsoleClient.loggedIn(port, account[0], account[1]);
            assertThat(c.get("/admin/messages/" + id + "/payload").statusCode()).as(account[0]).isEqualTo(403);
            var page = c.get("/admin/messages/" + id);
            assertThat(page.body()).as(account[0]).contains("Only an ADMIN may open it").doesNotContain(uuid)
                    .doesNotContain("/payload");
        }
        assertThat(audit.recent(new AuditLog.Filter(10, id, "PAYLOAD_VIEWED", null, null))).isEmpty();

        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        assertThat(admin.get("/admin/messages/" + id).body()).contains("/admin/messages/" + id + "/payload")
                .doesNotContain(uuid);
        var payload = admin.get("/admin/messages/" + id + "/payload");
        assertThat(payload.statusCode()).isEqualTo(200);
        assertThat(payload.body()).contains("hub.quarantine", uuid, "&lt;");
        assertThat(payload.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        var viewed = audit.recent(new AuditLog.Filter(10, id, "PAYLOAD_VIEWED", null, null));
        assertThat(viewed).hasSize(1);
        assertThat(viewed.get(0).actor()).isEqualTo("admin");
        assertThat(viewed.get(0).outcome()).isEqualTo("SHOWN from hub.quarantine");

        String delivered = accept(DemoMessages.antrag());
        awaitState(DEMO_TOKEN, delivered, "DELIVERED");
        var notParked = admin.get("/admin/messages/" + delivered + "/payload");
        assertThat(notParked.statusCode()).isEqualTo(200);
        assertThat(notParked.body()).contains("payload-absent", "not parked");
        assertThat(audit.recent(new AuditLog.Filter(10, delivered, "PAYLOAD_VIEWED", null, null)))
                .extracting(AuditLog.Action::outcome).containsExactly("NOT_PARKED");
        assertThat(admin.get("/admin/messages/" + UUID.randomUUID() + "/payload").statusCode()).isEqualTo(404);
        // a tenant-scoped account (an OPERATOR) is refused before anything is read
        assertThat(ConsoleClient.loggedIn(port, "tenant", "tenant-password")
                .get("/admin/messages/" + id + "/payload").statusCode()).isEqualTo(403);
    }

    @Test
    void routingTableShowsRulesDestinationsAndTheirCertificates() throws Exception {
        ConsoleClient auditor = ConsoleClient.loggedIn(port, "auditor", "auditor-password");
        var page = auditor.get("/admin/routing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("demo-all", "fanout-queue, dms-sftp", "queue fv.demo",
                "data-destination=\"amqp-check\"", "CN=xoev-hub demo Fachverfahren", "aes-256-gcm",
                "sftp://hub@127.0.0.1:" + SFTP_PORT + "/inbox")
                .doesNotContain("client.key", "known_hosts");
        // another tenant's scope shows none of demo's rules
        ConsoleClient scoped = ConsoleClient.loggedIn(port, "tenant", "tenant-password");
        assertThat(scoped.get("/admin/routing").body()).contains("demo-all");
    }

    @Test
    void dryRunFormShowsTheDecisionAndNeedsAnOperatingRole() throws Exception {
        String document = new String(DemoMessages.antrag(), StandardCharsets.UTF_8);
        ConsoleClient operator = ConsoleClient.loggedIn(port, "operator", "operator-password");
        assertThat(operator.get("/admin/dry-run").statusCode()).isEqualTo(200);
        var result = operator.post("/admin/dry-run", Map.of("tenant", "demo", "document", document), true);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("dry-run-result", "XoevHubDemo", "rule demo-all → demo", "valid");
        var unroutable = operator.post("/admin/dry-run", Map.of("tenant", "other", "document", document), true);
        assertThat(unroutable.body()).contains("no rule matches");
        var malformed = operator.post("/admin/dry-run", Map.of("tenant", "demo", "document", "<kaputt"), true);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).contains("XML refused");
        assertThat(operator.post("/admin/dry-run", Map.of("tenant", "demo", "document", document), false)
                .statusCode()).as("CSRF").isEqualTo(403);

        ConsoleClient auditor = ConsoleClient.loggedIn(port, "auditor", "auditor-password");
        assertThat(auditor.post("/admin/dry-run", Map.of("tenant", "demo", "document", document), true)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void searchByDestinationFindsWhatWasDeliveredThere() throws Exception {
        String toFanout = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "restart:search"));
        String toDemo = accept(DemoMessages.antrag());
        awaitState(DEMO_TOKEN, toFanout, "DELIVERED");
        awaitState(DEMO_TOKEN, toDemo, "DELIVERED");
        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        var found = admin.get("/admin/messages?destination=restart-check&size=200");
        assertThat(found.body()).contains(toFanout).doesNotContain(toDemo);
        // '_' and '%' are not wildcards
        assertThat(admin.get("/admin/messages?destination=restart%25&size=200").body()).doesNotContain(toFanout);
        assertThat(admin.get("/admin/messages?destination=demo&size=200").body()).contains(toDemo)
                .doesNotContain(toFanout);
    }

    @Test
    void dashboardDrawsSparklinesAndListsTheSftpDestinations() throws Exception {
        awaitState(DEMO_TOKEN, accept(DemoMessages.antrag()), "DELIVERED");
        var dashboard = ConsoleClient.loggedIn(port, "admin", "demo-admin-password").get("/admin");
        assertThat(dashboard.body()).contains("<svg class=\"spark\"", "<polyline", "Messages received per 30 minutes",
                "Mean time to delivery", "id=\"sftp-targets\"", "dms-sftp", "dms-xdomea");
        // a tenant-scoped account gets the sparklines of its tenants, no hub-wide parts
        var scoped = ConsoleClient.loggedIn(port, "tenant", "tenant-password").get("/admin");
        assertThat(scoped.body()).contains("<polyline").doesNotContain("sftp-targets");
    }
}
