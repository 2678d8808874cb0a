package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The security rules of the console and the admin API over real HTTP: login, wrong passwords and their lockout,
 * roles, tenant scope, CSRF, and the separation of portal tokens and console sessions.
 */
class ConsoleSecurityIT extends HubIT {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    AuditLog audit;

    @Test
    void loginOpensTheDashboardWithASecureSessionCookie() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(port);
        var refused = anonymous.get("/admin");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/admin/login");

        ConsoleClient admin = new ConsoleClient(port);
        var login = admin.login("admin", "demo-admin-password");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/admin");
        assertThat(admin.sessionCookieHeader()).contains("HttpOnly", "Secure", "SameSite=Lax");

        var dashboard = admin.get("/admin");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Dashboard", "hub.inbox", "Certificates expiring");
        assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");

        var logout = admin.post("/admin/logout", Map.of(), true);
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin").statusCode()).as("logged out").isEqualTo(302);
    }

    @Test
    void everyConsolePageAndAdminCallRefusesAnAnonymousCaller() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(port);
        for (String page : new String[] {"/admin", "/admin/routes", "/admin/messages", "/admin/messages/x",
                "/admin/parked/quarantine", "/admin/parked/dlq", "/admin/audit", "/admin/routing", "/admin/dry-run",
                "/admin/messages/x/payload", "/admin/bundles"}) {
            var r = anonymous.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).as(page).endsWith("/admin/login");
        }
        for (String call : new String[] {"/admin/api/bundles", "/admin/api/routes", "/admin/api/queues",
                "/admin/api/queues/quarantine/messages", "/admin/api/audit"}) {
            assertThat(anonymous.get(call).statusCode()).as(call).isEqualTo(401);
        }
        for (String call : new String[] {"/admin/api/bundles/reload", "/admin/api/queues/dlq/replay",
                "/admin/api/queues/dlq/discard", "/admin/api/routes/inbox-router/stop", "/admin/api/dry-run?tenant=demo"}) {
            var r = anonymous.send("POST", call, Map.of("Content-Type", "application/json"), "{}".getBytes());
            assertThat(r.statusCode()).as(call).isIn(401, 403);
        }
        assertThat(anonymous.post("/admin/routes/inbox-router", Map.of("action", "stop", "reason", "x"), false)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedAlike() throws Exception {
        for (String[] attempt : new String[][] {{"admin", "wrong"}, {"nobody", "demo-admin-password"}}) {
            ConsoleClient c = new ConsoleClient(port);
            var r = c.login(attempt[0], attempt[1]);
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/admin/login?error");
            assertThat(c.get("/admin").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void repeatedFailuresLockTheUsernameFromThatAddressEvenForTheRightPasswordAndAreAudited() throws Exception {
        // an account of its own, so the lock does not touch the other tests' logins
        for (int i = 1; i <= 5; i++) {
            var r = new ConsoleClient(port).login("Lockable", "guess-" + i);
            assertThat(r.headers().firstValue("Location").orElse("")).as("attempt " + i).endsWith("?error");
        }
        var locked = new ConsoleClient(port).login("lockable", "lockable-password");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(locked.body()).contains("Too many failed logins");

        ConsoleClient.loggedIn(port, "auditor", "auditor-password");
        JsonNode audit = adminApi("/admin/api/audit?action=LOGIN_LOCKED&limit=5");
        assertThat(audit.findValuesAsText("actor")).contains("Lockable");
    }

    @Test
    void anAuditorReadsEverythingButChangesNothing() throws Exception {
        ConsoleClient auditor = ConsoleClient.loggedIn(port, "auditor", "auditor-password");
        assertThat(auditor.get("/admin/routes").statusCode()).isEqualTo(200);
        assertThat(auditor.last.body()).doesNotContain("name=\"reason\"");
        assertThat(auditor.get("/admin/audit").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/admin/api/audit?limit=1").statusCode()).isEqualTo(200);

        String body = "{\"ids\":[\"" + UUID.randomUUID() + "\"],\"reason\":\"try\"}";
        assertThat(auditor.postJson("/admin/api/queues/quarantine/replay", body, true).statusCode()).isEqualTo(403);
        assertThat(auditor.post("/admin/parked/quarantine/replay",
                Map.of("ids", UUID.randomUUID().toString(), "reason", "try"), true).statusCode()).isEqualTo(403);
        assertThat(auditor.post("/admin/routes/acknowledgements", Map.of("action", "stop", "reason", "try"), true)
                .statusCode()).isEqualTo(403);

        ConsoleClient operator = ConsoleClient.loggedIn(port, "operator", "operator-password");
        assertThat(operator.postJson("/admin/api/bundles/reload", "{}", true).statusCode())
                .as("reloading bundles is for ADMIN").isEqualTo(403);
        assertThat(operator.get("/admin/bundles").body()).contains("xoevhub-demo-1.0").doesNotContain("Reload bundles");
        assertThat(operator.post("/admin/bundles/reload", Map.of(), true).statusCode()).isEqualTo(403);
        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        assertThat(admin.get("/admin/bundles").body()).contains("Reload bundles");
        assertThat(admin.post("/admin/bundles/reload", Map.of(), true).statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/bundles").body()).contains("Reloaded: ");
        assertThat(operator.postJson("/admin/api/routes/nope/suspend", "{\"reason\":\"x\"}", true).statusCode())
                .as("an operator controls routes (this one does not exist)").isEqualTo(404);
    }

    @Test
    void sessionCallsThatChangeSomethingNeedTheCsrfToken() throws Exception {
        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        assertThat(admin.postJson("/admin/api/routes/nope/suspend", "{\"reason\":\"x\"}", false).statusCode())
                .isEqualTo(403);
        assertThat(admin.postJson("/admin/api/routes/nope/suspend", "{\"reason\":\"x\"}", true).statusCode())
                .isEqualTo(404);
        assertThat(admin.post("/admin/routes/nope", Map.of("action", "stop", "reason", "x"), false).statusCode())
                .isEqualTo(403);
        var withToken = admin.post("/admin/routes/nope", Map.of("action", "stop", "reason", "x"), true);
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/routes").body()).contains("No route nope.");
    }

    @Test
    void aTenantScopedAccountSeesAndActsOnItsTenantsOnly() throws Exception {
        var other = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));
        String foreign = json.readTree(other.body()).get("id").asText();
        awaitState(OTHER_TOKEN, foreign, "QUARANTINED");
        String own = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));

        ConsoleClient tenant = ConsoleClient.loggedIn(port, "tenant", "tenant-password");
        assertThat(tenant.last.body()).contains("tenants demo").doesNotContain("hub.inbox");
        assertThat(tenant.get("/admin/messages/" + own).statusCode()).isEqualTo(200);
        assertThat(tenant.get("/admin/messages/" + foreign).statusCode()).isEqualTo(404);
        assertThat(tenant.last.body()).contains("Not found", "Log out");
        assertThat(tenant.get("/admin/messages?tenant=other").body()).doesNotContain(foreign);
        assertThat(tenant.get("/admin/messages").body()).contains(own).doesNotContain(foreign);
        assertThat(tenant.get("/admin/parked/quarantine").body()).doesNotContain(foreign);
        assertThat(tenant.get("/admin/api/queues/quarantine/messages?limit=500").body()).doesNotContain(foreign);
        assertThat(tenant.get("/admin/routes").statusCode()).isEqualTo(403);
        assertThat(tenant.last.body()).contains("hub-wide views need an unscoped account");
        assertThat(tenant.get("/admin/api/queues").statusCode()).isEqualTo(403);
        var discard = tenant.postJson("/admin/api/queues/quarantine/discard",
                "{\"ids\":[\"" + foreign + "\"],\"reason\":\"not mine\"}", true);
        assertThat(json.readTree(discard.body()).findValuesAsText("outcome")).containsExactly("NOT_FOUND");
        assertThat(status(OTHER_TOKEN, foreign).get("state").asText()).isEqualTo("QUARANTINED");

        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        assertThat(admin.get("/admin/messages/" + foreign).statusCode()).isEqualTo(200);
        assertThat(admin.get("/admin/parked/quarantine").body()).contains(foreign);
    }

    @Test
    void anAttemptOutsideTheScopeIsAuditedForTheActorsTenantsNotForTheTargets() throws Exception {
        var other = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));
        String foreign = json.readTree(other.body()).get("id").asText();
        awaitState(OTHER_TOKEN, foreign, "QUARANTINED");

        ConsoleClient tenant = ConsoleClient.loggedIn(port, "tenant", "tenant-password");
        var replay = tenant.postJson("/admin/api/queues/quarantine/replay",
                "{\"ids\":[\"" + foreign + "\"],\"reason\":\"probing\"}", true);
        assertThat(json.readTree(replay.body()).findValuesAsText("outcome")).containsExactly("NOT_FOUND");

        // the account's own tenant (demo) sees what it tried, the target's tenant (other) does not
        assertThat(json.readTree(tenant.get("/admin/api/audit?target=" + foreign).body())).singleElement()
                .satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("OUT_OF_SCOPE"));
        assertThat(audit.recent(new AuditLog.Filter(10, foreign, null, null, Set.of("demo"))))
                .extracting(AuditLog.Action::outcome).containsExactly("OUT_OF_SCOPE");
        assertThat(audit.recent(new AuditLog.Filter(10, foreign, null, null, Set.of("other")))).isEmpty();
        assertThat(audit.recent(new AuditLog.Filter(10, foreign, null, null, null))).as("unscoped: all").hasSize(1);

        // the target's tenant keeps seeing what is done to its message
        ConsoleClient.loggedIn(port, "admin", "demo-admin-password").postJson("/admin/api/queues/quarantine/discard",
                "{\"ids\":[\"" + foreign + "\"],\"reason\":\"done\"}", true);
        assertThat(audit.recent(new AuditLog.Filter(10, foreign, null, null, Set.of("other"))))
                .extracting(AuditLog.Action::outcome).containsExactly("DISCARDED");
        assertThat(audit.recent(new AuditLog.Filter(10, foreign, null, null, Set.of("demo"))))
                .extracting(AuditLog.Action::outcome).containsExactly("OUT_OF_SCOPE");
    }

    @Test
    void consoleActionsAreAuditedUnderTheLoggedInName() throws Exception {
        var other = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));
        String id = json.readTree(other.body()).get("id").asText();
        awaitState(OTHER_TOKEN, id, "QUARANTINED");

        ConsoleClient operator = ConsoleClient.loggedIn(port, "operator", "operator-password");
        operator.get("/admin/parked/quarantine");
        assertThat(operator.post("/admin/parked/quarantine/discard", Map.of("ids", id), true).statusCode())
                .isEqualTo(302);
        assertThat(operator.get("/admin/parked/quarantine").body()).contains("A reason is required");
        assertThat(operator.post("/admin/parked/quarantine/discard", Map.of("ids", id, "reason", "test only",
                "X-Hub-Actor", "someone else"), true).statusCode()).isEqualTo(302);
        assertThat(operator.get("/admin/parked/quarantine").body()).contains(id + ": DISCARDED");
        awaitState(OTHER_TOKEN, id, "DISCARDED");

        JsonNode audit = adminApi("/admin/api/audit?target=" + id);
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.get("actor").asText()).isEqualTo("operator");
            assertThat(a.get("reason").asText()).isEqualTo("test only");
        });
        var page = operator.get("/admin/messages/" + id);
        assertThat(page.body()).contains("hash chain intact", "DISCARDED", "operator");
    }

    @Test
    void portalTokensNeverOpenTheAdminSideAndConsoleSessionsNeverPostSubmissions() throws Exception {
        ConsoleClient portal = new ConsoleClient(port);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + DEMO_TOKEN);
        assertThat(portal.send("GET", "/admin/api/bundles", bearer, null).statusCode()).isEqualTo(401);
        assertThat(portal.send("GET", "/admin", bearer, null).statusCode()).isEqualTo(401);
        assertThat(portal.send("GET", "/admin/messages", bearer, null).statusCode()).isEqualTo(401);
        assertThat(portal.send("POST", "/admin/api/queues/quarantine/replay",
                Map.of("Authorization", "Bearer " + DEMO_TOKEN, "Content-Type", "application/json"),
                "{\"ids\":[\"x\"],\"reason\":\"x\"}".getBytes()).statusCode()).isEqualTo(401);

        ConsoleClient admin = ConsoleClient.loggedIn(port, "admin", "demo-admin-password");
        var submission = admin.send("POST", "/api/v1/submissions", Map.of("Content-Type", "application/xml"),
                DemoMessages.antrag());
        assertThat(submission.statusCode()).as("an admin session is no portal").isEqualTo(401);
        assertThat(admin.get("/api/v1/submissions/" + UUID.randomUUID()).statusCode()).isEqualTo(401);
        assertThat(post("demo-admin-token", "application/xml", DemoMessages.antrag()).statusCode())
                .as("nor is the admin token").isEqualTo(401);
        assertThat(admin.hasSession()).isTrue();
    }

    @Test
    void actuatorHealthAndMetricsStayOpen() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(port);
        assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    private JsonNode adminApi(String path) throws Exception {
        return json.readTree(get("demo-admin-token", path).body());
    }
}
