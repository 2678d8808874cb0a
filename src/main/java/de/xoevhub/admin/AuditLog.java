package de.xoevhub.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
        jdbc.sql("INSERT INTO audit_log (id, at_ms, actor, action, target, reason, outcome) VALUES (?,?,?,?,?,?,?)")
                .params(UUID.randomUUID().toString(), clock.millis(), actor, action, target,
                        reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000), outcome)
                .update();
    }

    /** The newest actions first, optionally only those on one target or of one action. */
    public List<Action> recent(int limit, String target, String action) {
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        if (target != null) {
            sql.append(" AND target = ?");
            params.add(target);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            params.add(action);
        }
        sql.append(" ORDER BY at_ms DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 1000))).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Action(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at_ms")),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("reason"),
                        rs.getString("outcome")))
                .list();
    }
}
