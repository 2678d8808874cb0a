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
import java.util.function.Predicate;
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
 * A destination label is read only where the hub writes it, at the start of an entry's detail: "destination=&lt;id&gt;
 * …" for deliver and pipeline entries, "outcome=&lt;outcome&gt; destination=&lt;id&gt; …" for acknowledge entries,
 * never from the free text after it (an exception's message, a case worker's words). And it is a destination of the
 * routing table, else {@code unknown}: a recipient's {@code hubDestination} is its own word ({@link LabelValues}).
 * Runs in the ledger's transaction, so it sees the entries of the change; counts after the commit.
 */
@Component
public class DeliveryMetrics implements StateChange.Listener {

    private static final Set<SubmissionState> MEASURED = Set.of(SubmissionState.DELIVERED, SubmissionState.FAILED,
            SubmissionState.ACKNOWLEDGED, SubmissionState.REJECTED_BY_RECIPIENT);
    /** How deliver and pipeline entries start (Handover, SftpHandover, Failures). */
    private static final Pattern HANDOVER = Pattern.compile("^destination=(\\S+)");
    /** How acknowledge entries start (Acknowledgements.describe): the destination, if any, comes second. */
    private static final Pattern ANSWER = Pattern.compile("^outcome=\\S+ destination=(\\S+)");
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)};

    private static final String UNKNOWN = LabelValues.UNKNOWN;

    record Event(String step, String outcome, String detail) {
    }

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final LabelValues labels;

    public DeliveryMetrics(MeterRegistry registry, JdbcClient jdbc, LabelValues labels) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.labels = labels;
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
        String standard = labels.standard(change.standard());
        List<Counter> counters = new ArrayList<>();
        for (String destination : destinations(change.state(), events, labels::configured)) {
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

    /**
     * The destinations a change concerns, from the Laufzettel entries it follows: ids the routing table
     * {@code configured}, {@code unknown} for others and for an answer that names none, {@code none} for a failure
     * before a handover.
     */
    static List<String> destinations(SubmissionState state, List<Event> events, Predicate<String> configured) {
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
                        found.add(destination(HANDOVER, e.detail(), UNKNOWN, configured));
                    }
                }
            }
            case FAILED -> found.add(destination(HANDOVER, last(events, "pipeline"), "none", configured));
            default -> found.add(destination(ANSWER, last(events, "acknowledge"), UNKNOWN, configured));
        }
        return found;
    }

    /** The detail of the last entry of that step, or null. */
    private static String last(List<Event> events, String step) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).step().equals(step)) {
                return events.get(i).detail();
            }
        }
        return null;
    }

    /** The destination at the start of {@code detail}; {@code otherwise} when it names none. */
    private static String destination(Pattern start, String detail, String otherwise, Predicate<String> configured) {
        Matcher m = start.matcher(detail == null ? "" : detail);
        if (!m.find()) {
            return otherwise;
        }
        return configured.test(m.group(1)) ? m.group(1) : UNKNOWN;
    }
}
