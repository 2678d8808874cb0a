package de.xoevhub.admin;

import de.xoevhub.admin.AdminProperties.Oidc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Maps the claims of an OIDC login to the hub's roles and tenant scope: the roles claim (e.g. {@code roles}, or
 * {@code realm_access.roles} for Keycloak) holds role names, each either a hub role itself (ADMIN, OPERATOR,
 * AUDITOR, any case) or mapped by {@code hub.admin.oidc.role-mapping}; the tenants claim, where present, limits
 * the account to those tenants. A login with none of the roles gets no console access (403).
 */
class OidcRoles implements GrantedAuthoritiesMapper {

    private final Oidc config;

    OidcRoles(Oidc config) {
        this.config = config;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = new LinkedHashSet<>();
        Set<String> tenants = new LinkedHashSet<>();
        for (GrantedAuthority a : authorities) {
            Map<String, Object> claims = a instanceof OidcUserAuthority oidc
                    ? merged(oidc.getIdToken().getClaims(),
                            oidc.getUserInfo() == null ? null : oidc.getUserInfo().getClaims())
                    : a instanceof OAuth2UserAuthority oauth ? oauth.getAttributes() : null;
            if (claims != null) {
                roles.addAll(roles(claims));
                tenants.addAll(values(claims, config.tenantsClaim()));
            }
        }
        List<GrantedAuthority> mapped = new ArrayList<>();
        AdminUser.authorities(roles, roles.isEmpty() ? Set.of() : tenants)
                .forEach(x -> mapped.add(new SimpleGrantedAuthority(x)));
        return mapped;
    }

    /** The hub roles named in these claims. */
    Set<Role> roles(Map<String, Object> claims) {
        Set<Role> roles = new LinkedHashSet<>();
        for (String value : values(claims, config.rolesClaim())) {
            Role mapped = config.roleMapping().get(value);
            if (mapped != null) {
                roles.add(mapped);
                continue;
            }
            for (Role r : Role.values()) {
                if (r.name().equals(value.toUpperCase(Locale.ROOT))) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }

    /** The strings at a dotted claim path: a list, or one string of names separated by spaces or commas. */
    static List<String> values(Map<String, Object> claims, String path) {
        Object node = claims;
        for (String part : path.split("\\.")) {
            node = node instanceof Map<?, ?> map ? map.get(part) : null;
        }
        List<String> values = new ArrayList<>();
        if (node instanceof Collection<?> list) {
            list.stream().filter(x -> x != null).forEach(x -> values.add(x.toString().strip()));
        } else if (node instanceof String s) {
            for (String v : s.split("[\\s,]+")) {
                if (!v.isBlank()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    private static Map<String, Object> merged(Map<String, Object> idToken, Map<String, Object> userInfo) {
        if (userInfo == null) {
            return idToken;
        }
        Map<String, Object> all = new java.util.HashMap<>(idToken);
        all.putAll(userInfo);
        return all;
    }
}
