package de.xoevhub.admin;

import de.xoevhub.intake.SubmissionProblem;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The admin behind the current request, as the console and the admin API see them: a name for the audit log,
 * roles, and a tenant scope (empty: every tenant). The admin bearer token is an unscoped ADMIN named
 * "admin-token", optionally with the person from its X-Hub-Actor header.
 */
public record AdminUser(String name, Set<Role> roles, Set<String> tenants, boolean token) {

    static final String TENANT_PREFIX = "TENANT_";

    /** The admin of the current request; fails if there is none (the security rules should have refused it). */
    public static AdminUser current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            throw new SubmissionProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "log in first");
        }
        return of(auth);
    }

    static AdminUser of(Authentication auth) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> tenants = new TreeSet<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            for (Role r : Role.values()) {
                if (r.authority().equals(name)) {
                    roles.add(r);
                }
            }
            if (name != null && name.startsWith(TENANT_PREFIX)) {
                tenants.add(name.substring(TENANT_PREFIX.length()));
            }
        }
        return new AdminUser(auth.getName(), roles, tenants, auth instanceof AdminTokenFilter.TokenAuthentication);
    }

    /** Authorities for an account: its roles and its tenant scope. */
    static List<String> authorities(Collection<Role> roles, Collection<String> tenants) {
        return java.util.stream.Stream.concat(roles.stream().map(Role::authority),
                tenants.stream().map(t -> TENANT_PREFIX + t)).toList();
    }

    public boolean scoped() {
        return !tenants.isEmpty();
    }

    public boolean sees(String tenant) {
        return !scoped() || (tenant != null && tenants.contains(tenant));
    }

    public boolean has(Role... any) {
        for (Role r : any) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** May replay, discard and control routes. */
    public boolean operates() {
        return has(Role.ADMIN, Role.OPERATOR);
    }

    /** Hub-wide views and actions (routes, queues, certificates) are for accounts without a tenant scope. */
    public void requireUnscoped() {
        if (scoped()) {
            throw new SubmissionProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "this account is limited to tenants " + tenants + "; hub-wide views need an unscoped account");
        }
    }

    /** The actor written to the audit log. For the admin token, the X-Hub-Actor header names the person. */
    public String actor(String actorHeader) {
        if (!token) {
            return name.length() > 200 ? name.substring(0, 200) : name;
        }
        String person = actorHeader == null || actorHeader.isBlank() ? ""
                : " (" + actorHeader.strip().replaceAll("[^\\p{L}\\p{N} ._@-]", "") + ")";
        return name + (person.length() > 100 ? person.substring(0, 100) + ")" : person);
    }
}
