package de.xoevhub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.schema.MessageHead;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Laufzettel's hash chain and its anchor in the ledger, on a real H2 database migrated by Flyway. */
class LaufzettelTest {

    private JdbcClient jdbc;
    private Laufzettel laufzettel;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        laufzettel = new Laufzettel(jdbc, Clock.systemUTC(),
                new TransactionTemplate(new DataSourceTransactionManager(ds)));
        Ledger ledger = new Ledger(jdbc, Clock.systemUTC());
        for (String id : List.of("m1", "m2", "m9")) {
            ledger.insert(Submission.of(id, "t", "p", MessageHead.NONE, null, null, SubmissionState.ACCEPTED, null, Instant.now()), false);
        }
    }

    @Test
    void eventsAreOrderedChainedAndAnchored() {
        laufzettel.append("m1", "intake", "RECEIVED", "bytes=10");
        laufzettel.append("m1", "route", "ROUTED", "rule=a");
        laufzettel.append("m2", "intake", "RECEIVED", null);

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
        laufzettel.append("m1", "intake", "RECEIVED", "bytes=10");
        laufzettel.append("m1", "deliver", "DELIVERED", "destination=a");
        jdbc.sql("UPDATE laufzettel_event SET detail = 'destination=b' WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void removedEventInTheMiddleBreaksTheChain() {
        laufzettel.append("m1", "intake", "RECEIVED", "x");
        laufzettel.append("m1", "route", "ROUTED", "y");
        laufzettel.append("m1", "deliver", "DELIVERED", "z");
        jdbc.sql("DELETE FROM laufzettel_event WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void removedLastEventIsDetectedByTheAnchor() {
        laufzettel.append("m1", "intake", "RECEIVED", "x");
        laufzettel.append("m1", "pipeline", "FAILED", "y");
        jdbc.sql("DELETE FROM laufzettel_event WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(Laufzettel.chained("m1", laufzettel.events("m1"))).as("the remaining chain is consistent").isTrue();
        assertThat(laufzettel.trail("m1").intact()).isFalse();
    }

    @Test
    void eventsMovedToAnotherMessageBreakTheChain() {
        laufzettel.append("m1", "intake", "RECEIVED", "x");
        jdbc.sql("UPDATE laufzettel_event SET submission_id = 'm9'").update();

        assertThat(laufzettel.trail("m9").intact()).isFalse();
    }
}
