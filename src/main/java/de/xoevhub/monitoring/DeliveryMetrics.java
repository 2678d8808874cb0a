package de.xoevhub.monitoring;

import de.xoevhub.tracking.StateChange;
import de.xoevhub.tracking.SubmissionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deliveries per destination and the end-to-end latency, read from the Laufzettel when a submission reaches an end
 * state (the ledger's state changes carry no destination, the Laufzettel entries do):
 * <ul>
 * <li>{@code xoevhub_deliveries_total{tenant,standard,destination,outcome}}: outcome {@code DELIVERED} for each
 * destination of the pass that delivered the message (counted when the last of its destinations is done),
 * {@code FAILED} for the destination whose handover failed for good ({@code none} when the pass failed before a
 * handover), {@code ACKNOWLEDGED} / {@code REJECTED_BY_RECIPIENT} for the destination that answered;</li>
 * <li>{@code xoevhub_end_to_end_latency_seconds{tenant,standard,state}}: from the receipt at the intake to
 * DELIVERED, ACKNOWLEDGED or REJECTED_BY_RECIPIENT, as a histogram with fixed buckets.</li>
 * </ul>
 * Runs in the ledger's transaction, so it sees the entries of the change; counts after the commit.
 */
@Component
public class DeliveryMetrics implements StateChange.Listener {

    private static final Set<SubmissionState> MEASURED = Set.of(SubmissionState.DELIVERED, SubmissionState.FAILED,
            SubmissionState.ACKNOWLEDGED, SubmissionState.REJECTED_BY_RECIPIENT);
    private static final Pattern DESTINATION = Pattern.compile("(?:^|\\s)destination=(\\S+)");
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)};

    record Event(String step, String outcome, String detail) {
    }

    private final MeterRegistry registry;
    private final JdbcClient jdbc;

    public DeliveryMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @Override
    public void changed(StateChange change) {
        if (!MEASURED.contains(change.state())) {
            return;
        }
        // only the steps that name destinations: a validation report can be large
        List<Event> events = jdbc.sql("SELECT step, outcome, detail FROM laufzettel_event WHERE submission_id = ? "
                        + "AND step IN ('route', 'deliver', 'pipeline', 'acknowledge') ORDER BY seq")
                .param(change.submissionId())
                .query((rs, n) -> new Event(rs.getString("step"), rs.getString("outcome"), rs.getString("detail")))
                .list();
        String standard = change.standard() == null ? "unknown" : change.standard();
        List<Counter> counters = new ArrayList<>();
        for (String destination : destinations(change.state(), events)) {
            counters.add(Counter.builder("xoevhub.deliveries")
                    .description("Deliveries, failed handovers and answers of recipients, by destination")
                    .tags("tenant", change.tenant(), "standard", standard, "destination", destination,
                            "outcome", change.state().name())
                    .register(registry));
        }
        Timer latency = change.state() == SubmissionState.FAILED ? null
                : Timer.builder("xoevhub.end.to.end.latency")
                        .description("From the intake's receipt to delivery or the recipient's answer")
                        .tags("tenant", change.tenant(), "standard", standard, "state", change.state().name())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
        Duration took = Duration.between(change.receivedAt(), change.at());
        AfterCommit.run(() -> {
            counters.forEach(Counter::increment);
            if (latency != null) {
                latency.record(took.isNegative() ? Duration.ZERO : took);
            }
        });
    }

    /** The destinations a change concerns, from the Laufzettel entries it follows. */
    static List<String> destinations(SubmissionState state, List<Event> events) {
        List<String> found = new ArrayList<>();
        switch (state) {
            case DELIVERED -> {
                // the deliveries of the last pass: after its routing decision
                int start = 0;
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).step().equals("route")) {
                        start = i + 1;
                    }
                }
                for (Event e : events.subList(start, events.size())) {
                    if (e.step().equals("deliver") && e.outcome().equals("DELIVERED")) {
                        found.add(destination(e.detail(), "unknown"));
                    }
                }
            }
            case FAILED -> found.add(last(events, "pipeline", "none"));
            default -> found.add(last(events, "acknowledge", "unknown"));
        }
        return found;
    }

    private static String last(List<Event> events, String step, String otherwise) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).step().equals(step)) {
                return destination(events.get(i).detail(), otherwise);
            }
        }
        return otherwise;
    }

    private static String destination(String detail, String otherwise) {
        Matcher m = DESTINATION.matcher(detail == null ? "" : detail);
        return m.find() ? m.group(1) : otherwise;
    }
}
