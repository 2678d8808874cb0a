package de.xoevhub.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to the admin console and API: the hex SHA-256 of the admin bearer token (for scripts; without it the
 * token is refused), the console accounts with their bcrypt hashes, roles and tenant scope, the login throttle,
 * and how OIDC claims map to roles where an OIDC issuer is configured.
 */
@ConfigurationProperties("hub.admin")
public record AdminProperties(String tokenSha256, List<Account> users, Login login, Oidc oidc) {

    public AdminProperties {
        users = users == null ? List.of() : List.copyOf(users);
        login = login == null ? new Login(0, null) : login;
        oidc = oidc == null ? new Oidc(null, null, null) : oidc;
    }

    /** A console account: the password only as a hash ({bcrypt}…); no tenants means all tenants. */
    public record Account(String username, String passwordHash, List<Role> roles, List<String> tenants) {

        public Account {
            roles = roles == null ? List.of() : List.copyOf(roles);
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
        }
    }

    /** Failed logins allowed per username and client address within the window, before it is locked. */
    public record Login(int maxFailures, Duration window) {

        public Login {
            maxFailures = maxFailures <= 0 ? 5 : maxFailures;
            window = window == null ? Duration.ofMinutes(15) : window;
        }
    }

    /**
     * Which ID-token / user-info claims carry the roles and tenants (a dotted path such as realm_access.roles
     * reaches into nested claims), and how the issuer's group or role names map to the hub's roles.
     */
    public record Oidc(String rolesClaim, String tenantsClaim, Map<String, Role> roleMapping) {

        public Oidc {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            tenantsClaim = tenantsClaim == null || tenantsClaim.isBlank() ? "tenants" : tenantsClaim;
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        }
    }
}
