package de.xoevhub.callback;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.xoevhub.cluster.ClusterLock;
import de.xoevhub.intake.PortalProperties;
import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.tracking.StateChange;
import de.xoevhub.tracking.SubmissionState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two notice dispatchers (two hub instances) on one database, migrated by Flyway (H2), sending to portals that are
 * local HTTP servers. The clock is the test's: a slow portal moves it on by as much as a POST may last, and the
 * other instance ticks while a POST is on the wire. Each notice must reach its portal once; a hanging portal must
 * not hold up the notices of the others.
 */
class PortalNoticesTest {

    /** A notice that reached a portal: which portal (its path) and the notice's id. */
    private record Post(String portal, String noticeId) {
    }

    private final MutableClock clock = new MutableClock();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private JdbcClient jdbc;
    private HttpServer server;

    @BeforeEach
    void databaseAndPortals() throws IOException {
        var ds = new DriverManagerDataSource("jdbc:h2:mem:notices-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void theLimitsOfOneSendFitInsideTheLeaseAndTheClaim() {
        assertThat(PortalNotices.SEND_LIMIT).isLessThan(ClusterLock.LEASE).isLessThan(PortalNotices.CLAIM);
    }

    @Test
    void aSecondInstanceThatTicksDuringALongBatchSendsNoNoticeTwice() {
        PortalNotices first = dispatcher(PortalNotices.SEND_LIMIT);
        PortalNotices second = dispatcher(PortalNotices.SEND_LIMIT);
        long start = clock.millis();
        AtomicBoolean secondRuns = new AtomicBoolean();
        Runnable secondTicks = () -> {
            // from 150 s on, past the first claim period of 2 min: the second instance has come up and ticks
            if (clock.millis() - start > 150_000 && secondRuns.compareAndSet(false, true)) {
                try {
                    second.dispatch();
                } finally {
                    secondRuns.set(false);
                }
            }
        };
        answer("/slow", exchange -> {
            clock.advance(15_000); // connect and request timeout of a portal that answers just in time
            secondTicks.run(); // while this POST is on the wire (a POST of the second does not tick it again)
            return 204;
        });
        List<String> ids = notices("slow", 12);

        for (int tick = 0; tick < 400 && undelivered() > 0; tick++) {
            first.dispatch();
            secondTicks.run();
            clock.advance(1_000);
        }

        assertThat(undelivered()).isZero();
        assertThat(posts.stream().collect(groupingBy(Post::noticeId, counting())))
                .as("POSTs per notice").containsOnlyKeys(ids).allSatisfy((id, count) -> assertThat(count).isOne());
    }

    @Test
    void aSendThatOutlastsTheLeaseIsNotRepeatedByTheInstanceThatTakesOver() {
        PortalNotices first = dispatcher(PortalNotices.SEND_LIMIT);
        PortalNotices second = dispatcher(PortalNotices.SEND_LIMIT);
        AtomicBoolean stalled = new AtomicBoolean();
        answer("/slow", exchange -> {
            if (stalled.compareAndSet(false, true)) {
                clock.advance(ClusterLock.LEASE.toMillis() + 10_000); // e.g. the first instance's JVM was paused
                assertThat(second.dispatch()).as("the others, sent by the instance that took the lock over")
                        .isEqualTo(4);
            }
            return 204;
        });
        List<String> ids = notices("slow", 5);

        assertThat(first.dispatch()).as("the stalled notice; then the lock is lost and the batch stops").isOne();

        assertThat(undelivered()).isZero();
        assertThat(posts).extracting(Post::noticeId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(first.dispatch()).as("the lock is the second's now").isZero();
    }

    @Test
    void aHangingPortalCostsABatchOneSendLimitAtItsEndAndTheOtherPortalsGetTheirNotices() {
        PortalNotices dispatcher = dispatcher(Duration.ofMillis(500));
        answer("/hanging", exchange -> {
            exchange.sendResponseHeaders(200, 0); // headers at once, then a body that never ends
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            release.await();
            return -1;
        });
        answer("/fast", exchange -> 204);
        List<String> hanging = notices("hanging", 3); // due first
        List<String> fast = notices("fast", 3);

        long began = System.nanoTime();
        assertThat(dispatcher.dispatch()).isEqualTo(3);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(posts).extracting(Post::noticeId).as("the hanging portal's first, then the other portal's")
                .containsExactly(hanging.get(0), fast.get(0), fast.get(1), fast.get(2));
        assertThat(jdbc.sql("SELECT last_error FROM portal_notice WHERE id = ?").param(hanging.get(0))
                .query(String.class).single()).isEqualTo("no complete answer within 500 ms");
        assertThat(jdbc.sql("SELECT count(*) FROM portal_notice WHERE attempts = 0 AND claimed_until IS NULL "
                + "AND delivered_at IS NULL").query(Integer.class).single())
                .as("the hanging portal's others: untouched, still due").isEqualTo(2);

        posts.clear();
        List<String> later = notices("fast", 2).stream().filter(id -> !fast.contains(id)).toList();
        assertThat(dispatcher.dispatch()).as("the next batch").isEqualTo(2);
        assertThat(posts).extracting(Post::noticeId).as("the other portal first, the hanging one once, at the end")
                .containsExactly(later.get(0), later.get(1), hanging.get(1));
    }

    /** How the test's portal at {@code path} answers a POST it records: the status, or -1 when it answered. */
    private interface Answer {
        int status(HttpExchange exchange) throws Exception;
    }

    private void answer(String path, Answer answer) {
        server.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.add(new Post(path, exchange.getRequestHeaders().getFirst("X-Hub-Notice-Id")));
            try {
                int status = answer.status(exchange);
                if (status > 0) {
                    exchange.sendResponseHeaders(status, -1);
                }
            } catch (Exception | AssertionError e) {
                exchange.sendResponseHeaders(500, -1);
                throw new IllegalStateException(e);
            } finally {
                exchange.close();
            }
        });
    }

    private PortalNotices dispatcher(Duration sendLimit) {
        List<Portal> portals = new ArrayList<>();
        for (String path : List.of("slow", "fast", "hanging")) {
            portals.add(new Portal(path, "t", String.valueOf(portals.size()).repeat(64), null, null, false,
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path),
                    "test-callback-secret-0123", null));
        }
        return new PortalNotices(new PortalProperties(portals), jdbc, new ObjectMapper(), clock,
                new ClusterLock(jdbc, clock, "test"), sendLimit);
    }

    /** Writes {@code count} DELIVERED notices for the portal to the outbox, 1 ms apart; returns all the portal's. */
    private List<String> notices(String portal, int count) {
        PortalNotices writer = dispatcher(PortalNotices.SEND_LIMIT);
        for (int i = 0; i < count; i++) {
            writer.changed(new StateChange(UUID.randomUUID().toString(), "t", portal, "xfall", UUID.randomUUID()
                    .toString(), SubmissionState.DELIVERED, null, clock.instant(), clock.instant()));
            clock.advance(1);
        }
        return jdbc.sql("SELECT id FROM portal_notice WHERE portal = ? ORDER BY created_at, next_attempt_at")
                .param(portal).query(String.class).list();
    }

    private int undelivered() {
        return jdbc.sql("SELECT count(*) FROM portal_notice WHERE delivered_at IS NULL").query(Integer.class).single();
    }

    private static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());

        void advance(long by) {
            millis.addAndGet(by);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
