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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Status notices to portals that configured a callback URL. When a submission reaches DELIVERED, QUARANTINED,
 * FAILED, ACKNOWLEDGED, REJECTED_BY_RECIPIENT or DISCARDED, a notice is written to the outbox in the same transaction; the
 * portal-notices route sends due notices as JSON with an HMAC header ({@link NoticeSignature}) and retries each with
 * exponential backoff (1 s doubling to 15 min) until the portal answers 2xx.
 */
@Component("portalNotices")
public class PortalNotices implements StateChange.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(PortalNotices.class);
    private final ClusterLock lock;
    static final Set<SubmissionState> NOTIFIED = EnumSet.of(SubmissionState.DELIVERED, SubmissionState.QUARANTINED,
            SubmissionState.FAILED, SubmissionState.ACKNOWLEDGED, SubmissionState.REJECTED_BY_RECIPIENT,
            SubmissionState.DISCARDED);
    private static final int BATCH = 50;
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final Map<String, Portal> portals;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public PortalNotices(PortalProperties properties, JdbcClient jdbc, ObjectMapper json, Clock clock,
                         ClusterLock lock) {
        this.lock = lock;
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

    /** The route's step: sends the notices that are due. Returns how many were delivered. */
    public int dispatch() {
        if (!lock.holds("portal-notices")) {
            return 0; // another hub instance dispatches (rows are claimed as well, so a takeover sends nothing twice)
        }
        long now = clock.millis();
        List<Map<String, Object>> due = jdbc.sql("SELECT id, portal, body, attempts FROM portal_notice "
                        + "WHERE delivered_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
                        + "ORDER BY next_attempt_at FETCH FIRST " + BATCH + " ROWS ONLY")
                .params(now, now).query().listOfRows();
        int delivered = 0;
        for (Map<String, Object> row : due) {
            String id = (String) row.get("id");
            boolean claimed = jdbc.sql("UPDATE portal_notice SET claimed_until = ? WHERE id = ? AND delivered_at IS NULL "
                    + "AND (claimed_until IS NULL OR claimed_until < ?)").params(now + CLAIM.toMillis(), id, now)
                    .update() == 1;
            if (claimed && send(id, (String) row.get("portal"), (String) row.get("body"),
                    ((Number) row.get("attempts")).intValue())) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean send(String id, String portalId, String body, int attempts) {
        Portal portal = portals.get(portalId);
        String error;
        if (portal == null) {
            error = "portal has no callback-url any more";
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(portal.callbackUrl()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Notice-Id", id)
                    .header(NoticeSignature.TIMESTAMP_HEADER, timestamp)
                    .header(NoticeSignature.SIGNATURE_HEADER, NoticeSignature.sign(portal.callbackSecret(), timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    jdbc.sql("UPDATE portal_notice SET delivered_at = ?, attempts = ?, claimed_until = NULL, "
                            + "last_error = NULL WHERE id = ?").params(clock.millis(), attempts + 1, id).update();
                    return true;
                }
                error = "HTTP " + status;
            } catch (java.io.IOException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempts, 20));
        jdbc.sql("UPDATE portal_notice SET attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? "
                + "WHERE id = ?").params(attempts + 1, clock.millis() + backoff,
                error.length() > 1000 ? error.substring(0, 1000) : error, id).update();
        LOG.info("notice {} to portal {} not delivered (attempt {}): {}; next in {} ms", id, portalId, attempts + 1,
                error, backoff);
        return false;
    }
}
