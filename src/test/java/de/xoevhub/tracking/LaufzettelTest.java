package de.xoevhub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Laufzettel's hash chain on a real H2 database migrated by Flyway. */
class LaufzettelTest {

    private JdbcClient jdbc;
    private Laufzettel laufzettel;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        laufzettel = new Laufzettel(jdbc, Clock.systemUTC());
    }

    @Test
    void eventsAreOrderedAndChained() {
        laufzettel.append("m1", "intake", "RECEIVED", "bytes=10");
        laufzettel.append("m1", "route", "ROUTED", "rule=a");
        laufzettel.append("m2", "intake", "RECEIVED", null);

        List<LaufzettelEvent> events = laufzettel.events("m1");
        assertThat(events).extracting(LaufzettelEvent::seq).containsExactly(1, 2);
        assertThat(events.get(0).prevHash()).isEqualTo(Laufzettel.GENESIS);
        assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
        assertThat(Laufzettel.intact("m1", events)).isTrue();
        assertThat(Laufzettel.intact("m2", laufzettel.events("m2"))).isTrue();
    }

    @Test
    void changedDetailBreaksTheChain() {
        laufzettel.append("m1", "intake", "RECEIVED", "bytes=10");
        laufzettel.append("m1", "deliver", "DELIVERED", "destination=a");
        jdbc.sql("UPDATE laufzettel_event SET detail = 'destination=b' WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(Laufzettel.intact("m1", laufzettel.events("m1"))).isFalse();
    }

    @Test
    void removedEventBreaksTheChain() {
        laufzettel.append("m1", "intake", "RECEIVED", "x");
        laufzettel.append("m1", "route", "ROUTED", "y");
        laufzettel.append("m1", "deliver", "DELIVERED", "z");
        jdbc.sql("DELETE FROM laufzettel_event WHERE submission_id = 'm1' AND seq = 2").update();

        assertThat(Laufzettel.intact("m1", laufzettel.events("m1"))).isFalse();
    }

    @Test
    void eventsMovedToAnotherMessageBreakTheChain() {
        laufzettel.append("m1", "intake", "RECEIVED", "x");
        jdbc.sql("UPDATE laufzettel_event SET submission_id = 'm9'").update();

        assertThat(Laufzettel.intact("m9", laufzettel.events("m9"))).isFalse();
    }
}
