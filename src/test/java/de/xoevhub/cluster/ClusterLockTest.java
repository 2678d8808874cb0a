package de.xoevhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Two hub instances on one database (H2 here; PostgreSQL in the PG run of the ITs): one lease holder at a time. */
class ClusterLockTest {

    private final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
            "jdbc:h2:mem:lock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
    private final MutableClock clock = new MutableClock();

    ClusterLockTest() throws Exception {
        jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/V4__cluster_lock.sql"))).update();
    }

    @Test
    void oneInstanceHoldsALockUntilItsLeaseExpiresThenAnotherTakesOver() {
        ClusterLock a = new ClusterLock(jdbc, clock, "test");
        ClusterLock b = new ClusterLock(jdbc, clock, "test");

        assertThat(a.holds("poll:x")).isTrue();
        assertThat(b.holds("poll:x")).as("held by a").isFalse();
        assertThat(b.holds("poll:y")).as("other locks are independent").isTrue();

        clock.advance(ClusterLock.LEASE.toMillis() - 1_000);
        assertThat(a.holds("poll:x")).as("a renews its lease").isTrue();
        clock.advance(ClusterLock.LEASE.toMillis() - 1_000);
        assertThat(b.holds("poll:x")).as("renewed, still a's").isFalse();

        clock.advance(ClusterLock.LEASE.toMillis() + 1); // a was killed: it stopped renewing
        assertThat(b.holds("poll:x")).as("expired: b takes over").isTrue();
        assertThat(a.holds("poll:x")).as("a has lost it").isFalse();
    }

    @Test
    void releasingAtShutdownLetsTheOtherInstanceTakeOverAtOnce() {
        ClusterLock a = new ClusterLock(jdbc, clock, "test");
        ClusterLock b = new ClusterLock(jdbc, clock, "test");
        assertThat(a.holds("portal-notices")).isTrue();
        assertThat(b.holds("portal-notices")).isFalse();
        a.releaseAll();
        assertThat(b.holds("portal-notices")).isTrue();
    }

    private static final class MutableClock extends Clock {
        private long millis = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
