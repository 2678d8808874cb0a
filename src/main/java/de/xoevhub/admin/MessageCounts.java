package de.xoevhub.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many messages the ledger holds per tenant, standard and state, among those received within a recent period
 * (the dashboard shows the last hour and the last 24 hours), within the reader's tenant scope.
 */
@Component
class MessageCounts {

    /** The number of messages of one tenant and standard in one state. */
    record Count(String tenant, String standard, String state, long messages) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    MessageCounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Count> since(Duration period, Set<String> scope) {
        List<Object> params = new ArrayList<>(List.of(clock.millis() - period.toMillis()));
        StringBuilder sql = new StringBuilder("SELECT tenant, standard, state, COUNT(*) AS n FROM submission "
                + "WHERE received_at >= ?");
        MessageSearch.scope(sql, params, scope);
        sql.append(" GROUP BY tenant, standard, state ORDER BY tenant, standard, state");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Count(rs.getString("tenant"), rs.getString("standard"), rs.getString("state"),
                        rs.getLong("n")))
                .list();
    }
}
