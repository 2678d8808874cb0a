package de.xoevhub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.schema.MessageHead;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Laufzettel's hash chain and its anchor in the ledger, on a real H2 database migrated by Flyway. */
class LaufzettelTest {

    private JdbcClient jdbc;
    private Laufzettel laufzettel;
    private Ledger ledger;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        laufzettel = new Laufzettel(jdbc);
        ledger = new Ledger(jdbc, new JdbcTemplate(ds),
                new TransactionTemplate(new DataSourceTransactionManager(ds)), Clock.systemUTC(), List.of());
        for (String id : List.of("m1", "m2", "m9")) {
            ledger.insert(Submission.of(id, "t", "p", MessageHead.NONE, null, null, SubmissionState.ACCEPTED, null, Instant.now()), false);
        }
    }

    private void append(String id, String step, String outcome, String detail) {
        ledger.append(id, new Laufzettel.Entry(step, outcome, detail));
    }

    @Test
    void eventsAreOrderedChainedAndAnchored() {
        append("m1", "intake", "RECEIVED", "bytes=10");
        append("m1", "route", "ROUTED", "rule=a");
        append("m2", "intake", "RECEIVED", null);

        List<LaufzettelEvent> events = laufzettel.events("m1");
        assertThat(events).extracting(LaufzettelEvent::seq).containsExactly(1, 2);
        assertThat(events.get(0).prevHash()).isEqualTo(Laufzettel.GENESIS);
        assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
        assertThat(laufzettel.trail("m1").intact()).isTrue();
        assertThat(laufzettel.trail("m2").intact()).isTrue();
        assertThat(laufzettel.trail("m9")).satisfies(t -> {
            assertThat(t.events()).isEmpty();
            assertThat(t.intact()).isTrue();
        });
    }

    @Test
    void changedDetailBreaksTheChain() {
        append("m1", "intake", "RECEIVED", "bytes=10");
        append("m1", "deliver", "DELIVERED", "destination=a");
        jdbc.sql("UPDATE laufzettel_event SET detail = 'destination=b' WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void removedEventInTheMiddleBreaksTheChain() {
        append("m1", "intake", "RECEIVED", "x");
        append("m1", "route", "ROUTED", "y");
        append("m1", "deliver", "DELIVERED", "z");
        jdbc.sql("DELETE FROM laufzettel_event WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void removedLastEventIsDetectedByTheAnchor() {
        append("m1", "intake", "RECEIVED", "x");
        append("m1", "pipeline", "FAILED", "y");
        jdbc.sql("DELETE FROM laufzettel_event WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(Laufzettel.chained("m1", laufzettel.events("m1"))).as("the remaining chain is consistent").isTrue();
        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void eventsMovedToAnotherMessageBreakTheChain() {
        append("m1", "intake", "RECEIVED", "x");
        jdbc.sql("UPDATE laufzettel_event SET submission_id = 'm9'").update();

        assertThat(laufzettel.trail("m9").intact()).isFalse();
    }

    @Test
    void aStepAppendingWhileTheTrailIsReadIsNotTakenForTampering() throws Exception {
        ExecutorService steps = Executors.newSingleThreadExecutor();
        try {
            Future<?> appending = steps.submit(() -> {
                for (int i = 0; i < 400; i++) {
                    append("m1", "route", "ROUTED", "pass " + i);
                }
            });
            List<Integer> broken = new ArrayList<>();
            while (!appending.isDone()) {
                Laufzettel.Trail trail = laufzettel.trail("m1");
                if (!trail.intact()) {
                    broken.add(trail.events().size());
                }
            }
            appending.get();
            assertThat(broken).as("readings taken for tampering, by events read").isEmpty();
            assertThat(laufzettel.trail("m1").events()).hasSize(400);
        } finally {
            steps.shutdownNow();
        }
    }

    @Test
    void anEventBeyondTheAnchorBreaksTheTrail() {
        append("m1", "intake", "RECEIVED", "x");
        LaufzettelEvent last = laufzettel.events("m1").get(0);
        jdbc.sql("INSERT INTO laufzettel_event (submission_id, seq, at_ms, step, outcome, detail, prev_hash, hash) "
                        + "VALUES ('m1', 2, 0, 'deliver', 'DELIVERED', 'forged', ?, ?)")
                .params(last.hash(), Laufzettel.hash("m1", 2, Instant.EPOCH, "deliver", "DELIVERED", "forged",
                        last.hash())).update();

        assertThat(Laufzettel.chained("m1", laufzettel.events("m1"))).as("a well-formed chain").isTrue();
        assertThat(laufzettel.trail("m1").intact()).as("but the anchor does not count it").isFalse();
    }

    @Test
    void insertWritesTheRowAndItsFirstEventsTogether() {
        ledger.insert(Submission.of("m3", "t", "p", MessageHead.NONE, null, null, SubmissionState.ACCEPTED, null,
                Instant.now()), false, new Laufzettel.Entry("intake", "RECEIVED", "a"),
                new Laufzettel.Entry("intake", "ACCEPTED", "b"));

        assertThat(laufzettel.events("m3")).extracting(LaufzettelEvent::outcome).containsExactly("RECEIVED", "ACCEPTED");
        assertThat(laufzettel.trail("m3").intact()).isTrue();
    }

    @Test
    void recordChangesTheStateAndAppendsInOneStep() {
        append("m1", "intake", "RECEIVED", "x");
        ledger.record("m1", SubmissionState.QUARANTINED, "UNROUTABLE", new Laufzettel.Entry("route", "UNROUTABLE", "y"),
                new Laufzettel.Entry("route", "KEPT", "z"));

        assertThat(ledger.find("m1").orElseThrow()).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SubmissionState.QUARANTINED);
            assertThat(s.reason()).isEqualTo("UNROUTABLE");
        });
        assertThat(laufzettel.events("m1")).extracting(LaufzettelEvent::seq).containsExactly(1, 2, 3);
        assertThat(laufzettel.trail("m1").intact()).isTrue();
    }

    @Test
    void recordIfChangesNothingWhenAnotherStepMovedTheStateOn() {
        append("m1", "intake", "RECEIVED", "x");
        ledger.record("m1", SubmissionState.DELIVERED, null, new Laufzettel.Entry("deliver", "DELIVERED", "y"));

        assertThat(ledger.recordIf("m1", SubmissionState.FAILED, SubmissionState.ACCEPTED, null,
                new Laufzettel.Entry("intake", "ACCEPTED", "late"))).isFalse();
        assertThat(ledger.find("m1").orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED);
        assertThat(laufzettel.events("m1")).extracting(LaufzettelEvent::outcome).containsExactly("RECEIVED", "DELIVERED");

        assertThat(ledger.recordIf("m1", SubmissionState.DELIVERED, SubmissionState.ACKNOWLEDGED, null,
                new Laufzettel.Entry("acknowledge", "ACKNOWLEDGED", "z"))).isTrue();
        assertThat(ledger.find("m1").orElseThrow().state()).isEqualTo(SubmissionState.ACKNOWLEDGED);
    }

    @Test
    void aRecipientsAnswerIsNotTakenBackByALaterPass() {
        append("m1", "intake", "RECEIVED", "x");
        ledger.record("m1", SubmissionState.ACKNOWLEDGED, null, new Laufzettel.Entry("acknowledge", "ACKNOWLEDGED", "a"));
        ledger.record("m1", SubmissionState.DELIVERED, null, new Laufzettel.Entry("deliver", "DELIVERED", "stray pass"));
        ledger.record("m1", SubmissionState.FAILED, "x", new Laufzettel.Entry("pipeline", "FAILED", "stray pass"));

        assertThat(ledger.find("m1").orElseThrow().state()).isEqualTo(SubmissionState.ACKNOWLEDGED);
        assertThat(laufzettel.events("m1")).extracting(LaufzettelEvent::detail).contains("stray pass");
        ledger.record("m1", SubmissionState.DISCARDED, "by admin", new Laufzettel.Entry("admin", "DISCARDED", "d"));
        assertThat(ledger.find("m1").orElseThrow().state()).isEqualTo(SubmissionState.DISCARDED);
    }

    @Test
    void failedTransactionWritesNothing() {
        append("m1", "intake", "RECEIVED", "x");
        jdbc.sql("INSERT INTO laufzettel_event (submission_id, seq, at_ms, step, outcome, detail, prev_hash, hash) "
                + "VALUES ('m1', 3, 0, 's', 'o', null, 'p', 'h')").update();

        // the second event collides with the row planted at seq 3, so the whole record is rolled back
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.record("m1", SubmissionState.DELIVERED, null,
                new Laufzettel.Entry("route", "ROUTED", "a"), new Laufzettel.Entry("deliver", "DELIVERED", "b")))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(ledger.find("m1").orElseThrow().state()).isEqualTo(SubmissionState.ACCEPTED);
        assertThat(jdbc.sql("SELECT count(*) FROM laufzettel_event WHERE submission_id = 'm1'").query(Integer.class)
                .single()).isEqualTo(2);
    }

    @Test
    void concurrentRecordsOnOneMessageQueueUpAndKeepTheChain() throws Exception {
        int threads = 8;
        int each = 25;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        append("m2", "step", "T" + n, Integer.toString(i));
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(laufzettel.events("m2")).hasSize(threads * each);
        assertThat(laufzettel.trail("m2").intact()).isTrue();
    }
}
