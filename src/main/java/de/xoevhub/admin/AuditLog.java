package de.xoevhub.admin;

import de.xoevhub.tracking.RandomIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The audit log: every admin action with actor, time, target, reason and outcome. The application only appends. */
@Component
public class AuditLog {

    /** One audited action. */
    public record Action(String id, Instant at, String actor, String action, String target, String reason,
                         String outcome) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String reason, String outcome) {
        insert(actor, action, target, reason, outcome, null);
    }

    /**
     * An attempt by an account scoped to {@code actorTenants} on a message outside that scope, as OUT_OF_SCOPE. The
     * target is the other tenant's message, but the entry shows to the auditors of the actor's tenants, not to those
     * of the target's: the probing belongs to the actor's side.
     */
    public void recordOutOfScope(String actor, Set<String> actorTenants, String action, String target,
                                 String reason) {
        insert(actor, action, target, reason, "OUT_OF_SCOPE",
                actorTenants.isEmpty() ? null : "," + String.join(",", actorTenants) + ",");
    }

    private void insert(String actor, String action, String target, String reason, String outcome, String scope) {
        jdbc.sql("INSERT INTO audit_log (id, at_ms, actor, action, target, reason, outcome, actor_scope) "
                        + "VALUES (?,?,?,?,?,?,?,?)")
                .params(RandomIds.next(), clock.millis(), actor, action, target,
                        reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000), outcome, scope)
                .update();
    }

    /**
     * Which actions to list: at most {@code limit}, optionally only on one target, of one action, by one actor
     * (substring); and for a tenant-scoped reader only those on messages of its tenants (empty: all).
     */
    public record Filter(int limit, String target, String action, String actor, Set<String> tenants) {
    }

    /** The newest actions first that pass the filter. */
    public List<Action> recent(Filter filter) {
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        if (filter.target() != null && !filter.target().isBlank()) {
            sql.append(" AND target = ?");
            params.add(filter.target().strip());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" AND action = ?");
            params.add(filter.action().strip());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" AND LOWER(actor) LIKE ?");
            params.add("%" + filter.actor().strip().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "").replace("%", "").replace("_", "") + "%");
        }
        if (filter.tenants() != null && !filter.tenants().isEmpty()) {
            // by the target's tenant, or for an attempt outside the actor's scope by the actor's tenants
            sql.append(" AND (actor_scope IS NULL AND target IN (SELECT id FROM submission WHERE tenant IN (")
                    .append(String.join(",", java.util.Collections.nCopies(filter.tenants().size(), "?"))).append("))");
            params.addAll(filter.tenants());
            for (String tenant : filter.tenants()) {
                sql.append(" OR actor_scope LIKE ? ESCAPE '\\'");
                params.add("%," + tenant.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + ",%");
            }
            sql.append(")");
        }
        sql.append(" ORDER BY at_ms DESC FETCH FIRST ").append(Math.max(1, Math.min(filter.limit(), 1000)))
                .append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Action(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at_ms")),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("reason"),
                        rs.getString("outcome")))
                .list();
    }
}
