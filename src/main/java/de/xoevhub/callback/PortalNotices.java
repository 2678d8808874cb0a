package de.xoevhub.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.cluster.ClusterLock;
import de.xoevhub.intake.PortalProperties;
import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.StateChange;
import de.xoevhub.tracking.SubmissionState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Status notices to portals that configured a callback URL. When a submission reaches DELIVERED, QUARANTINED,
 * FAILED, ACKNOWLEDGED, REJECTED_BY_RECIPIENT or DISCARDED, a notice is written to the outbox in the same
 * transaction; the portal-notices route sends due notices as JSON with an HMAC header ({@link NoticeSignature}) and
 * retries each with exponential backoff (1 s doubling to 15 min) until the portal answers 2xx. Several hub instances
 * may run the route; the one holding the cluster lock {@code portal-notices} sends, and a claim on each notice keeps
 * any other from sending it at the same time (see {@link #dispatch()}).
 */
@Component("portalNotices")
public class PortalNotices implements StateChange.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(PortalNotices.class);
    private final ClusterLock lock;
    static final Set<SubmissionState> NOTIFIED = EnumSet.of(SubmissionState.DELIVERED, SubmissionState.QUARANTINED,
            SubmissionState.FAILED, SubmissionState.ACKNOWLEDGED, SubmissionState.REJECTED_BY_RECIPIENT,
            SubmissionState.DISCARDED);
    private static final String LOCK = "portal-notices";
    private static final int BATCH = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest one POST may take, connecting, waiting for the answer and reading its body (the JDK's request
     * timeout ends at the response headers, so a portal trickling a body would otherwise hold the batch for ever).
     * Shorter than the cluster lock's lease, which is renewed before each POST, so the lease never lapses during one.
     */
    static final Duration SEND_LIMIT = Duration.ofSeconds(20);
    /** How long a notice stays claimed from right before its POST: well beyond {@link #SEND_LIMIT}. */
    static final Duration CLAIM = Duration.ofMinutes(2);
    /** No POST of a batch starts later than this after the batch began. */
    static final Duration BATCH_TIME = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final Map<String, Portal> portals;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration sendLimit;
    /** This dispatcher's mark on the notices it claims. */
    private final String dispatcher = RandomIds.next();
    /** Portals whose last POST from here failed: their notices come after the others' in a batch. */
    private final Set<String> lagging = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    public PortalNotices(PortalProperties properties, JdbcClient jdbc, ObjectMapper json, Clock clock,
                         ClusterLock lock) {
        this(properties, jdbc, json, clock, lock, SEND_LIMIT);
    }

    /** With another limit of one POST: tests make a hanging portal cost them less than {@link #SEND_LIMIT}. */
    PortalNotices(PortalProperties properties, JdbcClient jdbc, ObjectMapper json, Clock clock, ClusterLock lock,
                  Duration sendLimit) {
        this.lock = lock;
        this.sendLimit = sendLimit;
        for (Portal p : properties.portals()) {
            if (p.callbackUrl() != null && (p.callbackSecret() == null || p.callbackSecret().length() < 16)) {
                throw new IllegalStateException("hub.portals: portal '" + p.id() + "' has a callback-url but no "
                        + "callback-secret of at least 16 characters (set it from the environment)");
            }
            if (p.callbackUrl() != null && !List.of("http", "https").contains(p.callbackUrl().getScheme())) {
                throw new IllegalStateException("hub.portals: portal '" + p.id() + "': callback-url must be http(s)");
            }
        }
        this.portals = properties.portals().stream().filter(p -> p.callbackUrl() != null)
                .collect(Collectors.toMap(Portal::id, Function.identity()));
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void changed(StateChange change) {
        if (!NOTIFIED.contains(change.state()) || !portals.containsKey(change.portal())) {
            return;
        }
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("id", change.submissionId());
        notice.put("nachrichtenUUID", change.nachrichtenUUID());
        notice.put("state", change.state().name());
        notice.put("reason", change.reason());
        notice.put("at", change.at().toString());
        notice.put("statusPath", "/api/v1/submissions/" + change.submissionId());
        try {
            jdbc.sql("INSERT INTO portal_notice (id, submission_id, portal, body, created_at, next_attempt_at) "
                            + "VALUES (?,?,?,?,?,?)")
                    .params(RandomIds.next(), change.submissionId(), change.portal(),
                            json.writeValueAsString(notice), clock.millis(), clock.millis())
                    .update();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The route's step: sends the notices that are due, taking the portals in turn, and returns how many were
     * delivered. Each notice is claimed right before its POST, for {@link #CLAIM}, which outlasts the longest send
     * ({@link #SEND_LIMIT}); the cluster lock's lease is renewed before each POST as well, and the batch stops when it
     * is lost or after {@link #BATCH_TIME}. So no other instance sends a notice while this one sends it, even when a
     * slow portal makes the batch outlast the lease. A portal that failed is not tried again in the same batch, and
     * in the next one only after the others: a hanging portal costs each batch at most one {@link #SEND_LIMIT}, at
     * its end, and the other portals' notices go on.
     */
    public int dispatch() {
        if (!lock.holds(LOCK)) {
            return 0; // another hub instance dispatches
        }
        long started = clock.millis();
        List<Map<String, Object>> due = jdbc.sql("SELECT id, portal, body, attempts FROM ("
                        + "SELECT id, portal, body, attempts, next_attempt_at, "
                        + "ROW_NUMBER() OVER (PARTITION BY portal ORDER BY next_attempt_at) AS turn FROM portal_notice "
                        + "WHERE delivered_at IS NULL AND next_attempt_at <= ? "
                        + "AND (claimed_until IS NULL OR claimed_until < ?)) d "
                        + "ORDER BY turn, next_attempt_at FETCH FIRST " + BATCH + " ROWS ONLY")
                .params(started, started).query().listOfRows();
        due = new ArrayList<>(due);
        due.sort(Comparator.comparing(row -> lagging.contains((String) row.get("portal")))); // stable: others first
        Set<String> failed = new HashSet<>();
        int delivered = 0;
        for (Map<String, Object> row : due) {
            String id = (String) row.get("id");
            String portal = (String) row.get("portal");
            if (failed.contains(portal)) {
                continue; // the portal just failed: its other notices wait for the next batch
            }
            if (clock.millis() - started >= BATCH_TIME.toMillis() || !lock.holds(LOCK)) {
                break; // the next tick starts a new batch, on whichever instance then holds the lock
            }
            if (!claim(id)) {
                continue; // delivered or claimed by another instance since the batch was read
            }
            if (send(id, portal, (String) row.get("body"), ((Number) row.get("attempts")).intValue())) {
                delivered++;
                lagging.remove(portal);
            } else {
                failed.add(portal);
            }
        }
        lagging.addAll(failed);
        return delivered;
    }

    /** Claims a due notice for this dispatcher, from now on for {@link #CLAIM}; false if it is not free now. */
    private boolean claim(String id) {
        long now = clock.millis();
        return jdbc.sql("UPDATE portal_notice SET claimed_until = ?, claimed_by = ? WHERE id = ? "
                        + "AND delivered_at IS NULL AND next_attempt_at <= ? "
                        + "AND (claimed_until IS NULL OR claimed_until < ?)")
                .params(now + CLAIM.toMillis(), dispatcher, id, now, now).update() == 1;
    }

    private boolean send(String id, String portalId, String body, int attempts) {
        Portal portal = portals.get(portalId);
        String error;
        if (portal == null) {
            error = "portal has no callback-url any more";
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(portal.callbackUrl()).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Notice-Id", id)
                    .header(NoticeSignature.TIMESTAMP_HEADER, timestamp)
                    .header(NoticeSignature.SIGNATURE_HEADER,
                            NoticeSignature.sign(portal.callbackSecret(), timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            CompletableFuture<HttpResponse<Void>> response =
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                int status = response.get(sendLimit.toMillis(), TimeUnit.MILLISECONDS).statusCode();
                if (status / 100 == 2) {
                    if (jdbc.sql("UPDATE portal_notice SET delivered_at = ?, attempts = ?, claimed_until = NULL, "
                                    + "claimed_by = NULL, last_error = NULL WHERE id = ? AND claimed_by = ?")
                            .params(clock.millis(), attempts + 1, id, dispatcher).update() == 0) {
                        LOG.warn("notice {} delivered, but its claim had passed to another dispatcher", id);
                    }
                    return true;
                }
                error = "HTTP " + status;
            } catch (TimeoutException e) {
                response.cancel(true);
                error = "no complete answer within " + sendLimit.toMillis() + " ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            } catch (InterruptedException e) {
                response.cancel(true);
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempts, 20));
        jdbc.sql("UPDATE portal_notice SET attempts = ?, next_attempt_at = ?, claimed_until = NULL, claimed_by = NULL, "
                + "last_error = ? WHERE id = ? AND claimed_by = ?").params(attempts + 1, clock.millis() + backoff,
                error.length() > 1000 ? error.substring(0, 1000) : error, id, dispatcher).update();
        LOG.info("notice {} to portal {} not delivered (attempt {}): {}; next in {} ms", id, portalId, attempts + 1,
                error, backoff);
        return false;
    }
}
