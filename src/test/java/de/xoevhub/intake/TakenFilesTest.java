package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The idempotent repository on a real H2 database with its migrations: two instances, a crash, a failure, a file
 * that could not be opened, a claim that expired in a long poll.
 */
class TakenFilesTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };
    private TakenFiles one;
    private TakenFiles two;

    @BeforeEach
    void database() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:taken-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/V3__sftp_intake.sql"))).update();
        jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/V7__sftp_intake_file_claimed_by.sql")))
                .update();
        one = new TakenFiles(jdbc, clock);
        two = new TakenFiles(JdbcClient.create(ds), clock); // a second hub instance on the same database
    }

    @Test
    void ofTwoInstancesOnlyOneTakesAFileAndNeitherTakesItAgain() {
        String key = "p/a.xml/10/1700000000000";
        assertThat(one.add(key)).isTrue();
        assertThat(two.add(key)).isFalse();
        assertThat(one.confirm(key)).isTrue();
        now.set(now.get().plus(TakenFiles.CLAIM).plusSeconds(1));
        assertThat(two.add(key)).as("a confirmed file never expires").isFalse();
        assertThat(two.contains(key)).isTrue();
        assertThat(two.add("p/a.xml/11/1700000000000")).as("other size: another file").isTrue();
    }

    @Test
    void aFailedTakeIsForgottenSoTheNextPollTriesAgain() {
        String key = "p/b.xml/10/1";
        assertThat(one.add(key)).isTrue();
        assertThat(one.remove(key)).isTrue();
        assertThat(two.add(key)).isTrue();
    }

    @Test
    void theClaimOfACrashedInstanceIsTakenOverOnlyAfterItExpired() {
        String key = "p/c.xml/10/1";
        assertThat(one.add(key)).isTrue(); // and then the instance dies
        assertThat(two.add(key)).isFalse();
        now.set(now.get().plus(TakenFiles.CLAIM).plusSeconds(1));
        assertThat(two.add(key)).isTrue();
        assertThat(one.add(key)).as("only one takes it over").isFalse();
    }

    @Test
    void aFileThatCouldNotBeOpenedIsTriedAgainAtTheNextPoll() {
        String key = "p/e.xml/10/1";
        assertThat(one.add(key)).isTrue();
        // no read lock, or the server refused to open the file: Camel neither confirms nor removes the key
        assertThat(one.add(key)).as("the same instance, next poll").isTrue();
        assertThat(two.add(key)).as("another instance waits for the claim to expire").isFalse();
    }

    @Test
    void aClaimTakenOverInALongPollStaysWithTheInstanceThatTookItOver() {
        String key = "p/f.xml/10/1";
        assertThat(one.add(key)).isTrue(); // listed with a batch that takes longer than the claim
        now.set(now.get().plus(TakenFiles.CLAIM).plusSeconds(1));
        assertThat(two.add(key)).as("the claim expired: another instance takes the file over").isTrue();
        assertThat(one.remove(key)).as("the first cannot release it").isFalse();
        assertThat(one.add(key)).as("nor claim it again").isFalse();
        assertThat(two.reclaim(key)).isTrue();
    }

    @Test
    void aFileIsReadOnlyWhileTheClaimIsStillOurs() {
        String key = "p/g.xml/10/1";
        assertThat(one.add(key)).isTrue();
        now.set(now.get().plus(TakenFiles.CLAIM).plusSeconds(1));
        assertThat(two.add(key)).isTrue();
        assertThat(one.reclaim(key)).as("taken over: the first instance must not read it").isFalse();
        assertThat(two.reclaim(key)).isTrue();
    }

    @Test
    void readingAFileExtendsItsClaim() {
        String key = "p/h.xml/10/1";
        assertThat(one.add(key)).isTrue();
        now.set(now.get().plus(TakenFiles.CLAIM).minusSeconds(1));
        assertThat(one.reclaim(key)).isTrue(); // right before reading it
        now.set(now.get().plusSeconds(2));
        assertThat(two.add(key)).as("claimed until 15 minutes after the read began").isFalse();
        now.set(now.get().plus(TakenFiles.CLAIM));
        assertThat(two.add(key)).isTrue();
    }

    @Test
    void keysLongerThanTheColumnStillWork() {
        String key = "p/" + "x".repeat(1200) + "/1/1";
        assertThat(one.add(key)).isTrue();
        assertThat(two.add(key)).isFalse();
        assertThatThrownBy(one::clear).isInstanceOf(UnsupportedOperationException.class);
    }
}
