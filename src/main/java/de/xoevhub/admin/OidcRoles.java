package de.xoevhub.admin;

import de.xoevhub.admin.AdminProperties.Oidc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Maps the claims of an OIDC login to the hub's roles and tenant scope: the roles claim (e.g. {@code roles}, or
 * {@code realm_access.roles} for Keycloak) holds role names, each either a hub role itself (ADMIN, OPERATOR,
 * AUDITOR, any case) or mapped by {@code hub.admin.oidc.role-mapping}; the tenants claim, where present, limits
 * the account to those tenants. A login with none of the roles gets no console access (403).
 * <p>
 * Only an absent tenants claim means every tenant. A claim that is present but names no tenant (an empty list or
 * string, null, a number, an object, a list with anything but names in it) refuses the login with a message that
 * says so: such a claim is an issuer's mapping gone wrong (an attribute left empty, a group mapper of the wrong
 * type), and taking it for "no limit" would open every Mandant to an account meant to see a few. A login that
 * sees no tenant at all was the other way to fail closed; it was not chosen because it looks like an empty hub
 * ("no parked messages") rather than like the broken account it is.
 */
class OidcRoles implements GrantedAuthoritiesMapper {

    /** The OAuth2 error code of a login refused for its tenants claim; the login page shows its description. */
    static final String TENANTS_UNREADABLE = "hub_tenants_claim_unreadable";

    private static final Logger LOG = LoggerFactory.getLogger(OidcRoles.class);

    private final Oidc config;

    OidcRoles(Oidc config) {
        this.config = config;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = new LinkedHashSet<>();
        Set<String> tenants = new LinkedHashSet<>();
        Object unreadableFor = null;
        for (GrantedAuthority a : authorities) {
            Map<String, Object> claims = a instanceof OidcUserAuthority oidc
                    ? merged(oidc.getIdToken().getClaims(),
                            oidc.getUserInfo() == null ? null : oidc.getUserInfo().getClaims())
                    : a instanceof OAuth2UserAuthority oauth ? oauth.getAttributes() : null;
            if (claims != null) {
                roles.addAll(roles(claims));
                TenantsClaim claim = TenantsClaim.read(claims, config.tenantsClaim());
                tenants.addAll(claim.names());
                if (claim.namesNone()) {
                    unreadableFor = claims.get("sub");
                }
            }
        }
        if (!roles.isEmpty() && unreadableFor != null) {
            // without a hub role the login has no access anyway (403); with one, its scope decides what it sees
            LOG.warn("OIDC login of subject {} refused: its claim '{}' is present but names no tenant", unreadableFor,
                    config.tenantsClaim());
            String description = "Your login names no tenant in its claim '" + config.tenantsClaim() + "': the claim"
                    + " is there but empty or not a list of tenant names, and the hub does not take that for all"
                    + " tenants. Ask the administrators of your identity provider to fill the claim in, or to leave"
                    + " it out for an account that may see every tenant.";
            throw new OAuth2AuthenticationException(new OAuth2Error(TENANTS_UNREADABLE, description, null),
                    description);
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

    /**
     * A login's tenants claim: absent (not {@code present}: every tenant), or present with the tenant names it
     * holds. A present claim yields names only when it is a string of names (separated by spaces or commas) or a
     * list of non-blank strings; anything else yields none, and {@link #namesNone()} refuses the login.
     */
    record TenantsClaim(boolean present, List<String> names) {

        private static final TenantsClaim ABSENT = new TenantsClaim(false, List.of());
        private static final TenantsClaim UNREADABLE = new TenantsClaim(true, List.of());

        static TenantsClaim read(Map<String, Object> claims, String path) {
            Object node = claims;
            for (String part : path.split("\\.")) {
                if (!(node instanceof Map<?, ?> map)) {
                    // a parent of the claim that is not an object, e.g. realm_access: "x"
                    return UNREADABLE;
                }
                if (!map.containsKey(part)) {
                    return ABSENT;
                }
                node = map.get(part);
            }
            List<String> names = new ArrayList<>();
            if (node instanceof Collection<?> list) {
                for (Object x : list) {
                    if (!(x instanceof String name) || name.isBlank()) {
                        return UNREADABLE;
                    }
                    names.add(name.strip());
                }
            } else if (node instanceof String s) {
                for (String v : s.split("[\\s,]+")) {
                    if (!v.isBlank()) {
                        names.add(v);
                    }
                }
            }
            return new TenantsClaim(true, List.copyOf(names));
        }

        /** Present, but without a tenant name: an issuer's mapping gone wrong, never "every tenant". */
        boolean namesNone() {
            return present && names.isEmpty();
        }
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
