package de.xoevhub.monitoring;

import de.xoevhub.tracking.StateChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts submissions by the states they reach (accepted, rejected, delivered, failed, quarantined, acknowledged, …),
 * per tenant and standard: {@code xoevhub_submissions_total{state,tenant,standard}} in Prometheus. A change counts
 * once its transaction has committed, so a rolled-back attempt is not counted. The standard is one the hub has
 * bundles for, else "unknown" ({@link LabelValues}): a refused document's standard attribute is the portal's word.
 */
@Component
public class MessageMetrics implements StateChange.Listener {

    private final MeterRegistry registry;
    private final LabelValues labels;

    public MessageMetrics(MeterRegistry registry, LabelValues labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void changed(StateChange change) {
        Counter counter = Counter.builder("xoevhub.submissions")
                .description("Submissions that reached a state, by tenant and standard")
                .tags("state", change.state().name(), "tenant", change.tenant(),
                        "standard", labels.standard(change.standard()))
                .register(registry);
        AfterCommit.run(counter::increment);
    }
}
