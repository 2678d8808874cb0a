package de.xoevhub.tracking;

import de.xoevhub.tracking.Laufzettel.Entry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The message ledger: every submission the hub has seen, with its current state and its Laufzettel. Each change
 * is one database transaction: the state, the new Laufzettel events and the anchor on the submission row.
 */
@Component
public class Ledger {

    private static final RowMapper<Submission> ROW = (rs, n) -> new Submission(rs.getString("id"),
            rs.getString("tenant"), rs.getString("portal"), rs.getString("nachrichten_uuid"),
            rs.getString("standard"), rs.getString("version"), rs.getString("nachrichtentyp"),
            rs.getString("autor"), rs.getString("leser"), rs.getBoolean("test"), rs.getString("sha256"),
            rs.getObject("size_bytes", Long.class), SubmissionState.valueOf(rs.getString("state")), rs.getString("reason"),
            Instant.ofEpochMilli(rs.getLong("received_at")));

    private static final int MAX_REASON = 2000;
    private static final String INSERT_EVENT = """
            INSERT INTO laufzettel_event (submission_id, seq, at_ms, step, outcome, detail, prev_hash, hash)
            VALUES (?,?,?,?,?,?,?,?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final List<StateChange.Listener> listeners;

    public Ledger(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transaction, Clock clock,
                  List<StateChange.Listener> listeners) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = transaction;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Inserts a submission with the first events of its Laufzettel. With {@code deduplicate}, a second insert for
     * the same portal and nachrichtenUUID fails with a DuplicateKeyException and writes nothing.
     */
    public void insert(Submission s, boolean deduplicate, Entry... entries) {
        insert(s, deduplicate ? s.nachrichtenUUID() : null, entries);
    }

    /**
     * The same, deduplicated by {@code dedupe} unless it is null: the nachrichtenUUID, or what stands in for a
     * missing one. A second insert with the same portal and dedupe fails with a DuplicateKeyException and writes
     * nothing; {@link #findAccepted} finds the first.
     */
    public void insert(Submission s, String dedupe, Entry... entries) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        List<LaufzettelEvent> events = Laufzettel.extend(s.id(), 0, null, now, List.of(entries));
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("""
                    INSERT INTO submission (id, tenant, portal, dedupe_key, nachrichten_uuid, standard, version,
                      nachrichtentyp, autor, leser, test, sha256, size_bytes, state, reason, received_at, updated_at,
                      laufzettel_count, laufzettel_head)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(s.id(), s.tenant(), s.portal(),
                            dedupe == null ? null : dedupeKey(s.portal(), dedupe), s.nachrichtenUUID(),
                            s.standard(), s.version(), s.nachrichtentyp(), s.autor(), s.leser(), s.test(),
                            s.sha256(), s.sizeBytes(), s.state().name(), capped(s.reason()),
                            s.receivedAt().toEpochMilli(), now.toEpochMilli(), events.size(), head(events, null))
                    .update();
            insertEvents(s.id(), events);
            StateChange change = new StateChange(s.id(), s.tenant(), s.portal(), s.standard(), s.nachrichtenUUID(),
                    s.state(), capped(s.reason()), s.receivedAt(), now);
            listeners.forEach(l -> l.changed(change));
        });
    }

    /** Appends events to a submission's Laufzettel without changing its state. */
    public void append(String id, Entry... entries) {
        record(id, null, null, entries);
    }

    /**
     * Appends events to a submission's Laufzettel and, unless {@code state} is null, moves it to that state with
     * that reason. The submission row is locked for the transaction, so concurrent changes queue up.
     */
    /**
     * Records a state change only while the submission is still in {@code expected} (checked under the row lock), so
     * a late step cannot undo what another step decided meanwhile. Returns whether it recorded.
     */
    public boolean recordIf(String id, SubmissionState expected, SubmissionState state, String reason,
                            Entry... entries) {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            if (stateForUpdate(id) != expected) {
                return false;
            }
            record(id, state, reason, entries);
            return true;
        }));
    }

    public void record(String id, SubmissionState requested, String reason, Entry... entries) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        transaction.executeWithoutResult(tx -> {
            Map<String, Object> anchor = jdbc.sql("SELECT laufzettel_count, laufzettel_head, tenant, portal, standard, "
                            + "nachrichten_uuid, state, received_at FROM submission WHERE id = ? FOR UPDATE")
                    .param(id).query().singleRow();
            String head = (String) anchor.get("laufzettel_head");
            SubmissionState state = answered(anchor.get("state"), requested) ? null : requested;
            List<LaufzettelEvent> events = Laufzettel.extend(id,
                    ((Number) anchor.get("laufzettel_count")).intValue(), head, now, List.of(entries));
            insertEvents(id, events);
            int count = events.isEmpty() ? ((Number) anchor.get("laufzettel_count")).intValue()
                    : events.get(events.size() - 1).seq();
            if (state == null) {
                jdbc.sql("UPDATE submission SET laufzettel_count = ?, laufzettel_head = ? WHERE id = ?")
                        .params(count, head(events, head), id).update();
            } else {
                jdbc.sql("UPDATE submission SET state = ?, reason = ?, updated_at = ?, laufzettel_count = ?, "
                                + "laufzettel_head = ? WHERE id = ?")
                        .params(state.name(), capped(reason), now.toEpochMilli(), count, head(events, head), id)
                        .update();
                StateChange change = new StateChange(id, (String) anchor.get("tenant"), (String) anchor.get("portal"),
                        (String) anchor.get("standard"), (String) anchor.get("nachrichten_uuid"), state, capped(reason),
                        Instant.ofEpochMilli(((Number) anchor.get("received_at")).longValue()), now);
                listeners.forEach(l -> l.changed(change));
            }
        });
    }

    /**
     * A recipient's answer (ACKNOWLEDGED, REJECTED_BY_RECIPIENT) proves the delivery, so no later pipeline step takes
     * the state back from it, e.g. a pass of a stray duplicate of the message that the broker redelivers: its entries
     * still go on the Laufzettel. Only a discard moves it on.
     */
    private static boolean answered(Object current, SubmissionState requested) {
        boolean isAnswered = SubmissionState.ACKNOWLEDGED.name().equals(current)
                || SubmissionState.REJECTED_BY_RECIPIENT.name().equals(current);
        return isAnswered && requested != null && requested != SubmissionState.DISCARDED;
    }

    /** The submission's state, with its row locked until the caller's transaction ends. */
    public SubmissionState stateForUpdate(String id) {
        return SubmissionState.valueOf(jdbc.sql("SELECT state FROM submission WHERE id = ? FOR UPDATE").param(id)
                .query(String.class).single());
    }

    /**
     * The submission, with its row locked until the caller's transaction ends: changes that depend on its current
     * state and Laufzettel then cannot interleave.
     */
    public Optional<Submission> findForUpdate(String id) {
        return jdbc.sql("SELECT * FROM submission WHERE id = ? FOR UPDATE").param(id).query(ROW).optional();
    }

    public Optional<Submission> find(String id) {
        return jdbc.sql("SELECT * FROM submission WHERE id = ?").param(id).query(ROW).optional();
    }

    /** The accepted submission of the portal with this nachrichtenUUID (or what stood in for it, see insert). */
    public Optional<Submission> findAccepted(String portal, String dedupe) {
        return jdbc.sql("SELECT * FROM submission WHERE dedupe_key = ?")
                .param(dedupeKey(portal, dedupe)).query(ROW).optional();
    }

    /** Every submission with this nachrichtenUUID, from any portal. */
    public List<Submission> findByNachrichtenUUID(String nachrichtenUUID) {
        return jdbc.sql("SELECT * FROM submission WHERE nachrichten_uuid = ?").param(nachrichtenUUID).query(ROW).list();
    }

    /**
     * Whether the submission's Laufzettel shows a copy handed to this destination: delivered to its queue, or queued
     * for its SFTP upload (the deliver entries start with "destination=&lt;id&gt; ").
     */
    public boolean handedOverTo(String id, String destination) {
        String pattern = "destination=" + destination.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")
                + " %";
        return jdbc.sql("SELECT count(*) FROM laufzettel_event WHERE submission_id = ? AND step = 'deliver' "
                + "AND detail LIKE ? ESCAPE '\\'").params(id, pattern).query(Integer.class).single() > 0;
    }

    private void insertEvents(String id, List<LaufzettelEvent> events) {
        if (events.size() == 1) {
            LaufzettelEvent e = events.get(0);
            batch.update(INSERT_EVENT, id, e.seq(), e.at().toEpochMilli(), e.step(), e.outcome(), e.detail(),
                    e.prevHash(), e.hash());
        } else if (!events.isEmpty()) {
            batch.batchUpdate(INSERT_EVENT, events.stream().map(e -> new Object[] {id, e.seq(),
                    e.at().toEpochMilli(), e.step(), e.outcome(), e.detail(), e.prevHash(), e.hash()}).toList());
        }
    }

    private static String head(List<LaufzettelEvent> events, String unchanged) {
        return events.isEmpty() ? unchanged : events.get(events.size() - 1).hash();
    }

    private static String capped(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static String dedupeKey(String portal, String dedupe) {
        return portal + ":" + dedupe;
    }
}
