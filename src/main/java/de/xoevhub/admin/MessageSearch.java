package de.xoevhub.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds messages in the ledger for the console: by hub id, nachrichtenUUID, state, tenant, standard,
 * nachrichtentyp, portal, destination (a delivery or handover to it on the Laufzettel) and a time range of their
 * receipt, newest first, a page at a time, and never outside the
 * reader's tenant scope. Only ledger metadata is read, never a payload.
 */
@Component
class MessageSearch {

    /** One ledger row as the console lists it. */
    record Row(String id, String tenant, String portal, String nachrichtenUUID, String standard, String version,
               String nachrichtentyp, String state, String reason, Instant receivedAt, Instant updatedAt,
               Long sizeBytes, String sha256) {
    }

    /** The search form; blank fields do not filter. Times are inclusive bounds on the receipt time. */
    record Query(String id, String nachrichtenUUID, String state, String tenant, String standard,
                 String nachrichtentyp, String portal, String destination, Instant from, Instant to) {
    }

    /** One page of results; {@code more} says whether a next page exists. */
    record Page(List<Row> rows, int page, int size, boolean more) {
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString("id"), rs.getString("tenant"),
            rs.getString("portal"), rs.getString("nachrichten_uuid"), rs.getString("standard"),
            rs.getString("version"), rs.getString("nachrichtentyp"), rs.getString("state"), rs.getString("reason"),
            Instant.ofEpochMilli(rs.getLong("received_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
            (Long) rs.getObject("size_bytes", Long.class), rs.getString("sha256"));
    private static final String COLUMNS = "id, tenant, portal, nachrichten_uuid, standard, version, nachrichtentyp, "
            + "state, reason, received_at, updated_at, size_bytes, sha256";

    private final JdbcClient jdbc;

    MessageSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page search(Query q, Set<String> scope, int page, int size) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM submission WHERE 1 = 1");
        equal(sql, params, "id", q.id());
        equal(sql, params, "nachrichten_uuid", q.nachrichtenUUID());
        equal(sql, params, "state", q.state());
        equal(sql, params, "tenant", q.tenant());
        equal(sql, params, "standard", q.standard());
        equal(sql, params, "nachrichtentyp", q.nachrichtentyp());
        equal(sql, params, "portal", q.portal());
        if (q.destination() != null && !q.destination().isBlank()) {
            // the deliver and pipeline entries start with "destination=<id> "; '_' and '%' are LIKE wildcards
            sql.append(" AND id IN (SELECT submission_id FROM laufzettel_event WHERE step IN ('deliver', 'pipeline')"
                    + " AND detail LIKE ? ESCAPE '\\')");
            params.add("destination=" + q.destination().strip().replace("\\", "\\\\").replace("_", "\\_")
                    .replace("%", "\\%") + " %");
        }
        if (q.from() != null) {
            sql.append(" AND received_at >= ?");
            params.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND received_at <= ?");
            params.add(q.to().toEpochMilli());
        }
        scope(sql, params, scope);
        int p = Math.max(0, page);
        int s = Math.max(1, Math.min(size, 200));
        sql.append(" ORDER BY received_at DESC, id OFFSET ").append((long) p * s).append(" ROWS FETCH NEXT ")
                .append(s + 1).append(" ROWS ONLY");
        List<Row> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(ROW).list());
        boolean more = rows.size() > s;
        return new Page(more ? rows.subList(0, s) : rows, p, s, more);
    }

    /** The message, if it exists and the scope includes its tenant. */
    Optional<Row> find(String id, Set<String> scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM submission WHERE id = ?");
        scope(sql, params, scope);
        return jdbc.sql(sql.toString()).params(params).query(ROW).optional();
    }

    /** Restricts to the tenants of a scoped account; an empty scope means every tenant. */
    static void scope(StringBuilder sql, List<Object> params, Set<String> scope) {
        if (scope != null && !scope.isEmpty()) {
            sql.append(" AND tenant IN (").append(String.join(",", Collections.nCopies(scope.size(), "?"))).append(")");
            params.addAll(scope);
        }
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value.strip());
        }
    }
}
