package de.xoevhub.monitoring;

import de.xoevhub.admin.QueueDepths;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gauges of the embedded broker's hub queues (hub.inbox, hub.quarantine, hub.dlq, hub.handover.*, every fv.* and
 * their DLQ./EXPIRY. queues): {@code xoevhub_queue_messages}, {@code xoevhub_queue_delivering} and
 * {@code xoevhub_queue_consumers}, tagged with the queue. Each scrape reads the queue's counters then; queues created
 * later (a new destination) are found every {@code hub.monitoring.queue-discovery}. With an external broker there
 * are none: its own metrics plugin exports them.
 */
@Component
public class QueueGauges {

    private final QueueDepths depths;
    private final MeterRegistry registry;
    private final long discoveryMillis;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService discovery;

    public QueueGauges(QueueDepths depths, MeterRegistry registry,
                       @Value("${hub.monitoring.queue-discovery:30s}") Duration discovery) {
        this.depths = depths;
        this.registry = registry;
        this.discoveryMillis = discovery.toMillis();
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        discover();
        if (discovery == null && depths.all().isPresent()) {
            discovery = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "queue-gauges");
                t.setDaemon(true);
                return t;
            });
            discovery.scheduleWithFixedDelay(this::discover, discoveryMillis, discoveryMillis, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (discovery != null) {
            discovery.shutdownNow();
        }
    }

    /** Registers the gauges of queues not seen before. */
    void discover() {
        depths.all().ifPresent(all -> all.stream().map(QueueDepths.Depth::queue).filter(known::add).forEach(q -> {
            gauge("xoevhub.queue.messages", "Messages waiting on the queue", q, d -> d.messages());
            gauge("xoevhub.queue.delivering", "Messages handed to a consumer, not yet acknowledged", q,
                    d -> d.delivering());
            gauge("xoevhub.queue.consumers", "Consumers attached to the queue", q, d -> d.consumers());
        }));
    }

    private void gauge(String name, String description, String queue, ToDoubleFunction<QueueDepths.Depth> value) {
        Gauge.builder(name, () -> depths.of(queue).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("queue", queue).register(registry);
    }
}
