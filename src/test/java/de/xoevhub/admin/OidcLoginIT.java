package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.HubIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Console login through an OIDC issuer (TestIssuer, configured in application-it.yaml): the authorization code flow
 * with a signed ID token, the roles and tenants mapped from its claims, a login without a hub role refused, and one
 * whose tenants claim is empty refused at the login, with the reason on the login page.
 */
class OidcLoginIT extends HubIT {

    private static TestIssuer issuer;

    @BeforeAll
    static void startIssuer() throws Exception {
        issuer = new TestIssuer(OIDC_PORT);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void anOidcLoginGetsTheRolesAndTenantsOfItsClaims() throws Exception {
        issuer.nextUser(Map.of("sub", "u-4711", "preferred_username", "erika.oidc",
                "realm_access", Map.of("roles", List.of("revision", "offline_access")), "hub_tenants", List.of("demo")));
        ConsoleClient erika = login();
        var dashboard = erika.get("/admin");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("erika.oidc · AUDITOR · tenants demo");
        assertThat(erika.post("/admin/routes/acknowledgements", Map.of("action", "stop", "reason", "x"), true)
                .statusCode()).as("an AUDITOR changes nothing").isEqualTo(403);
        assertThat(erika.get("/admin/api/audit?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void anOidcLoginWithoutAHubRoleIsRefused() throws Exception {
        issuer.nextUser(Map.of("sub", "u-0815", "preferred_username", "guest.oidc",
                "realm_access", Map.of("roles", List.of("offline_access"))));
        ConsoleClient guest = login();
        assertThat(guest.get("/admin").statusCode()).isEqualTo(403);
        assertThat(guest.get("/admin/api/audit?limit=1").statusCode()).isEqualTo(403);
    }

    @Test
    void anOidcLoginWhoseTenantsClaimIsEmptyIsRefusedAndToldWhyInsteadOfSeeingEveryTenant() throws Exception {
        issuer.nextUser(Map.of("sub", "u-0816", "preferred_username", "leer.oidc",
                "realm_access", Map.of("roles", List.of("revision")), "hub_tenants", List.of()));
        ConsoleClient c = new ConsoleClient(port);
        var done = authorize(c);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        String refused = done.headers().firstValue("Location").orElse("");
        assertThat(refused).endsWith("/admin/login?oidc-error");
        assertThat(c.get(TestIssuer.pathOf(refused)).body())
                .contains("Your login names no tenant in its claim &#39;hub_tenants&#39;")
                .doesNotContain("Wrong username or password");
        assertThat(c.get("/admin").statusCode()).as("not logged in: to the login page").isEqualTo(302);
        assertThat(c.get("/admin/api/audit?limit=1").statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginPageOffersTheIssuer() throws Exception {
        assertThat(new ConsoleClient(port).get("/admin/login").body())
                .contains("Log in with Test issuer", "/oauth2/authorization/test-issuer");
    }

    /** The browser's part of the authorization code flow, redirect by redirect, for a login the hub accepts. */
    private ConsoleClient login() throws Exception {
        ConsoleClient c = new ConsoleClient(port);
        var done = authorize(c);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElse("")).endsWith("/admin");
        return c;
    }

    /** The flow up to the hub's answer to the issuer's redirect back: where the hub sends the browser then. */
    private HttpResponse<String> authorize(ConsoleClient c) throws Exception {
        var start = c.get("/oauth2/authorization/test-issuer");
        assertThat(start.statusCode()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith("http://127.0.0.1:" + OIDC_PORT + "/authorize?");
        var toHub = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(toHub.statusCode()).isEqualTo(302);
        return c.get(TestIssuer.pathOf(toHub.headers().firstValue("Location").orElseThrow()));
    }
}
