package de.xoevhub.tracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The routing slip of each message: append-only events in the database. Every event carries the SHA-256 of its
 * predecessor, and the ledger row keeps the count and the last hash, so a changed, removed or cut-off event
 * shows in {@link #trail}.
 */
@Component
public class Laufzettel {

    static final String GENESIS = "0".repeat(64);
    private static final int ATTEMPTS = 5;
    private static final RowMapper<LaufzettelEvent> ROW = (rs, n) -> new LaufzettelEvent(rs.getInt("seq"),
            Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("step"), rs.getString("outcome"),
            rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));

    /** A message's events and whether their chain and the ledger's anchor agree. */
    public record Trail(List<LaufzettelEvent> events, boolean intact) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public Laufzettel(JdbcClient jdbc, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * Appends one event to the Laufzettel of a submission already in the ledger. Concurrent appends to the same
     * message retry on the next sequence number.
     */
    public LaufzettelEvent append(String submissionId, String step, String outcome, String detail) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(tx -> appendOnce(submissionId, step, outcome, detail));
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private LaufzettelEvent appendOnce(String submissionId, String step, String outcome, String detail) {
        LaufzettelEvent last = jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? ORDER BY seq DESC "
                + "FETCH FIRST 1 ROWS ONLY").param(submissionId).query(ROW).optional().orElse(null);
        int seq = last == null ? 1 : last.seq() + 1;
        String prev = last == null ? GENESIS : last.hash();
        Instant at = Instant.ofEpochMilli(clock.millis());
        String hash = hash(submissionId, seq, at, step, outcome, detail, prev);
        jdbc.sql("""
                INSERT INTO laufzettel_event (submission_id, seq, at_ms, step, outcome, detail, prev_hash, hash)
                VALUES (?,?,?,?,?,?,?,?)""")
                .params(submissionId, seq, at.toEpochMilli(), step, outcome, detail, prev, hash).update();
        jdbc.sql("UPDATE submission SET laufzettel_count = ?, laufzettel_head = ? WHERE id = ?")
                .params(seq, hash, submissionId).update();
        return new LaufzettelEvent(seq, at, step, outcome, detail, prev, hash);
    }

    public List<LaufzettelEvent> events(String submissionId) {
        return jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? ORDER BY seq")
                .param(submissionId).query(ROW).list();
    }

    /** The events of a submission, verified against each other and against the ledger's anchor. */
    public Trail trail(String submissionId) {
        List<LaufzettelEvent> events = events(submissionId);
        Map<String, Object> anchor = jdbc.sql("SELECT laufzettel_count, laufzettel_head FROM submission WHERE id = ?")
                .param(submissionId).query().singleRow();
        int count = ((Number) anchor.get("laufzettel_count")).intValue();
        String head = (String) anchor.get("laufzettel_head");
        boolean anchored = count == events.size()
                && (events.isEmpty() ? head == null : events.get(events.size() - 1).hash().equals(head));
        return new Trail(events, anchored && chained(submissionId, events));
    }

    static boolean chained(String submissionId, List<LaufzettelEvent> events) {
        String prev = GENESIS;
        int seq = 1;
        for (LaufzettelEvent e : events) {
            if (e.seq() != seq++ || !e.prevHash().equals(prev)
                    || !e.hash().equals(hash(submissionId, e.seq(), e.at(), e.step(), e.outcome(), e.detail(), prev))) {
                return false;
            }
            prev = e.hash();
        }
        return true;
    }

    static String hash(String id, int seq, Instant at, String step, String outcome, String detail, String prev) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\u001f", prev, id, Integer.toString(seq),
                    Long.toString(at.toEpochMilli()), step, outcome, detail == null ? "" : detail);
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
