package de.xoevhub.tracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The routing slip of each message: append-only events in the database. Every event carries the SHA-256 of its
 * predecessor, so a changed or removed event breaks the chain and {@link #intact} says so.
 */
@Component
public class Laufzettel {

    static final String GENESIS = "0".repeat(64);
    private static final int ATTEMPTS = 5;

    private static final RowMapper<LaufzettelEvent> ROW = (rs, n) -> new LaufzettelEvent(rs.getInt("seq"),
            Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("step"), rs.getString("outcome"),
            rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));

    private final JdbcClient jdbc;
    private final Clock clock;

    public Laufzettel(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Appends one event; concurrent appends to the same message retry on the next sequence number. */
    public LaufzettelEvent append(String submissionId, String step, String outcome, String detail) {
        for (int attempt = 1; ; attempt++) {
            LaufzettelEvent last = last(submissionId);
            int seq = last == null ? 1 : last.seq() + 1;
            String prev = last == null ? GENESIS : last.hash();
            Instant at = Instant.ofEpochMilli(clock.millis());
            String hash = hash(submissionId, seq, at, step, outcome, detail, prev);
            try {
                jdbc.sql("""
                        INSERT INTO laufzettel_event (submission_id, seq, at_ms, step, outcome, detail, prev_hash, hash)
                        VALUES (?,?,?,?,?,?,?,?)""")
                        .params(submissionId, seq, at.toEpochMilli(), step, outcome, detail, prev, hash).update();
                return new LaufzettelEvent(seq, at, step, outcome, detail, prev, hash);
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public List<LaufzettelEvent> events(String submissionId) {
        return jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? ORDER BY seq")
                .param(submissionId).query(ROW).list();
    }

    private LaufzettelEvent last(String submissionId) {
        return jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? ORDER BY seq DESC "
                        + "FETCH FIRST 1 ROWS ONLY")
                .param(submissionId).query(ROW).optional().orElse(null);
    }

    /** True if every event's hash matches its content and its predecessor, and the sequence has no gap. */
    public static boolean intact(String submissionId, List<LaufzettelEvent> events) {
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
