package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.admin.AdminProperties.Oidc;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/** OIDC claims become the hub's roles and tenant scope. */
class OidcRolesTest {

    @Test
    void mapsARolesListAndTenantsFromTheIdToken() {
        var mapper = new OidcRoles(new Oidc(null, null, null));
        var authorities = mapper.mapAuthorities(List.of(oidc(Map.of("roles", List.of("operator", "unrelated"),
                "tenants", List.of("demo", "kreis-x"))), new SimpleGrantedAuthority("SCOPE_openid")));
        assertThat(names(authorities)).containsExactlyInAnyOrder("ROLE_OPERATOR", "TENANT_demo", "TENANT_kreis-x");
    }

    @Test
    void followsADottedPathAndTheRoleMappingAndReadsUserInfoToo() {
        var mapper = new OidcRoles(new Oidc("realm_access.roles", "hub_tenant",
                Map.of("xoevhub-admins", Role.ADMIN, "revision", Role.AUDITOR)));
        var token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "erika", "realm_access", Map.of("roles", List.of("xoevhub-admins", "offline_access"))));
        var authority = new OidcUserAuthority(token, new OidcUserInfo(Map.of("sub", "erika", "hub_tenant", "demo")));
        assertThat(names(mapper.mapAuthorities(List.of(authority)))).containsExactlyInAnyOrder("ROLE_ADMIN", "TENANT_demo");

        var plain = new OAuth2UserAuthority(Map.of("sub", "x", "realm_access", Map.of("roles", "revision other")));
        assertThat(names(mapper.mapAuthorities(List.of(plain)))).containsExactly("ROLE_AUDITOR");
    }

    @Test
    void aLoginWithoutAHubRoleGetsNothing() {
        var mapper = new OidcRoles(new Oidc(null, null, null));
        assertThat(mapper.mapAuthorities(List.of(oidc(Map.of("tenants", List.of("demo")))))).isEmpty();
        assertThat(mapper.mapAuthorities(List.of(oidc(Map.of("roles", "guest"))))).isEmpty();
        assertThat(AdminUser.of(new org.springframework.security.authentication.TestingAuthenticationToken("x", "",
                List.of(new SimpleGrantedAuthority("ROLE_AUDITOR"), new SimpleGrantedAuthority("TENANT_demo"))))
                .tenants()).containsExactly("demo");
    }

    @Test
    void aTenantsClaimThatIsPresentButNamesNoTenantRefusesTheLoginInsteadOfOpeningEveryTenant() {
        var mapper = new OidcRoles(new Oidc(null, null, null));
        List<Object> unreadable = java.util.Arrays.asList(List.of(), "", " , ", 42, Map.of("demo", true),
                List.of("demo", 42), List.of("demo", " "), List.of(Map.of("name", "demo")), null);
        for (Object claim : unreadable) {
            Map<String, Object> claims = new java.util.HashMap<>();
            claims.put("roles", List.of("operator"));
            claims.put("tenants", claim);
            assertThatThrownBy(() -> mapper.mapAuthorities(List.of(oidc(claims))))
                    .as("tenants: %s", claims.get("tenants"))
                    .isInstanceOfSatisfying(OAuth2AuthenticationException.class, e -> {
                        assertThat(e.getError().getErrorCode()).isEqualTo(OidcRoles.TENANTS_UNREADABLE);
                        assertThat(e.getError().getDescription()).contains("'tenants'", "names no tenant");
                    });
        }
        // the same through user info, and for a nested claim whose parent is no object
        var nested = new OidcRoles(new Oidc(null, "hub.tenants", null));
        var fromUserInfo = new OidcUserAuthority(new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "erika", "roles", List.of("auditor"))),
                new OidcUserInfo(Map.of("sub", "erika", "hub", Map.of("tenants", List.of()))));
        assertThatThrownBy(() -> nested.mapAuthorities(List.of(fromUserInfo)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> nested.mapAuthorities(List.of(oidc(Map.of("roles", "admin", "hub", "demo")))))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }

    @Test
    void onlyAnAbsentTenantsClaimMeansEveryTenant() {
        var nested = new OidcRoles(new Oidc(null, "hub.tenants", null));
        var absent = names(nested.mapAuthorities(List.of(oidc(Map.of("roles", "admin")))));
        var parentWithoutIt = names(nested.mapAuthorities(List.of(oidc(Map.of("roles", "admin", "hub", Map.of())))));
        assertThat(absent).containsExactly("ROLE_ADMIN");
        assertThat(parentWithoutIt).containsExactly("ROLE_ADMIN");
        assertThat(AdminUser.of(new org.springframework.security.authentication.TestingAuthenticationToken("x", "",
                absent.stream().map(SimpleGrantedAuthority::new).toList())).scoped()).isFalse();
        assertThat(names(nested.mapAuthorities(List.of(oidc(Map.of("roles", "admin",
                "hub", Map.of("tenants", " demo, kreis-x "))))))).containsExactly("ROLE_ADMIN", "TENANT_demo",
                "TENANT_kreis-x");
    }

    @Test
    void aLoginWithoutAHubRoleIsNotRefusedForItsTenantsClaimItJustGetsNothing() {
        var mapper = new OidcRoles(new Oidc(null, null, null));
        assertThat(mapper.mapAuthorities(List.of(oidc(Map.of("roles", "guest", "tenants", List.of()))))).isEmpty();
    }

    private static OidcUserAuthority oidc(Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("sub", "someone");
        return new OidcUserAuthority(new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60), all));
    }

    private static List<String> names(java.util.Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }
}
