package de.xoevhub.tracking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The message ledger: every submission the hub has seen, with its current state. */
@Component
public class Ledger {

    private static final RowMapper<Submission> ROW = (rs, n) -> new Submission(rs.getString("id"),
            rs.getString("tenant"), rs.getString("portal"), rs.getString("nachrichten_uuid"),
            rs.getString("standard"), rs.getString("version"), rs.getString("nachrichtentyp"),
            rs.getString("autor"), rs.getString("leser"), rs.getBoolean("test"), rs.getString("sha256"),
            rs.getObject("size_bytes", Long.class), SubmissionState.valueOf(rs.getString("state")), rs.getString("reason"),
            Instant.ofEpochMilli(rs.getLong("received_at")));

    private static final int MAX_REASON = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public Ledger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Inserts a submission. With a dedupe key, a second insert for the same portal and nachrichtenUUID fails
     * with a DuplicateKeyException.
     */
    public void insert(Submission s, boolean deduplicate) {
        long now = clock.millis();
        jdbc.sql("""
                INSERT INTO submission (id, tenant, portal, dedupe_key, nachrichten_uuid, standard, version,
                  nachrichtentyp, autor, leser, test, sha256, size_bytes, state, reason, received_at, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(s.id(), s.tenant(), s.portal(),
                        deduplicate ? dedupeKey(s.portal(), s.nachrichtenUUID()) : null, s.nachrichtenUUID(),
                        s.standard(), s.version(), s.nachrichtentyp(), s.autor(), s.leser(), s.test(),
                        s.sha256(), s.sizeBytes(), s.state().name(), capped(s.reason()),
                        s.receivedAt().toEpochMilli(), now)
                .update();
    }

    public Optional<Submission> find(String id) {
        return jdbc.sql("SELECT * FROM submission WHERE id = ?").param(id).query(ROW).optional();
    }

    public Optional<Submission> findAccepted(String portal, String nachrichtenUUID) {
        return jdbc.sql("SELECT * FROM submission WHERE dedupe_key = ?")
                .param(dedupeKey(portal, nachrichtenUUID)).query(ROW).optional();
    }

    public void updateState(String id, SubmissionState state, String reason) {
        jdbc.sql("UPDATE submission SET state = ?, reason = ?, updated_at = ? WHERE id = ?")
                .params(state.name(), capped(reason), clock.millis(), id).update();
    }

    private static String capped(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static String dedupeKey(String portal, String nachrichtenUUID) {
        return portal + ":" + nachrichtenUUID;
    }
}
