package de.xoevhub.tracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The routing slip of each message: append-only events in the database. Every event carries the SHA-256 of its
 * predecessor, and the ledger row keeps the count and the last hash, so a changed, removed or cut-off event
 * shows in {@link #trail}. Events are written by the {@link Ledger}, together with the state they lead to.
 */
@Component
public class Laufzettel {

    static final String GENESIS = "0".repeat(64);
    private static final RowMapper<LaufzettelEvent> ROW = (rs, n) -> new LaufzettelEvent(rs.getInt("seq"),
            Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("step"), rs.getString("outcome"),
            rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));

    /** An event still to be written: which step, its outcome and a detail without personal data. */
    public record Entry(String step, String outcome, String detail) {
    }

    /** A message's events and whether their chain and the ledger's anchor agree. */
    public record Trail(List<LaufzettelEvent> events, boolean intact) {
    }

    private final JdbcClient jdbc;

    public Laufzettel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<LaufzettelEvent> events(String submissionId) {
        return jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? ORDER BY seq")
                .param(submissionId).query(ROW).list();
    }

    /**
     * The events of a submission, verified against each other and against the ledger's anchor. A step's events and
     * its anchor commit together, and the anchor is read after the events: more events than it counts were never
     * anchored (tampering); fewer mean that steps appended between the two reads, whose events the anchor vouches
     * for, so they are read up to its count before the check (a removed event still breaks the chain).
     */
    public Trail trail(String submissionId) {
        List<LaufzettelEvent> events = new ArrayList<>(events(submissionId));
        Anchor anchor = anchor(submissionId);
        if (events.size() < anchor.count()) {
            events.addAll(jdbc.sql("SELECT * FROM laufzettel_event WHERE submission_id = ? AND seq > ? AND seq <= ? "
                    + "ORDER BY seq").params(submissionId, events.size(), anchor.count()).query(ROW).list());
        }
        boolean anchored = anchor.count() == events.size() && (events.isEmpty() ? anchor.head() == null
                : events.get(events.size() - 1).hash().equals(anchor.head()));
        return new Trail(events, anchored && chained(submissionId, events));
    }

    private record Anchor(int count, String head) {
    }

    private Anchor anchor(String submissionId) {
        Map<String, Object> row = jdbc.sql("SELECT laufzettel_count, laufzettel_head FROM submission WHERE id = ?")
                .param(submissionId).query().singleRow();
        return new Anchor(((Number) row.get("laufzettel_count")).intValue(), (String) row.get("laufzettel_head"));
    }

    /** The events that follow a Laufzettel of {@code count} events ending in {@code head} (null if empty). */
    static List<LaufzettelEvent> extend(String submissionId, int count, String head, Instant at, List<Entry> entries) {
        List<LaufzettelEvent> events = new ArrayList<>(entries.size());
        String prev = head == null ? GENESIS : head;
        int seq = count;
        for (Entry e : entries) {
            seq++;
            String hash = hash(submissionId, seq, at, e.step(), e.outcome(), e.detail(), prev);
            events.add(new LaufzettelEvent(seq, at, e.step(), e.outcome(), e.detail(), prev, hash));
            prev = hash;
        }
        return events;
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
