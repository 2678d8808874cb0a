package de.xoevhub.admin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The depth of every queue the hub uses (hub.*, fv.*, and their DLQ. / EXPIRY. queues), read from the embedded
 * broker's management. With an external broker this is empty: its own console shows the queues.
 */
@Component
public class QueueDepths {

    /** One queue: messages waiting, being delivered, consumers attached. */
    public record Depth(String queue, long messages, int delivering, int consumers) {
    }

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.embedded = embedded;
    }

    /** Empty when the broker is not embedded. */
    public Optional<List<Depth>> all() {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker == null) {
            return Optional.empty();
        }
        Object[] queues = broker.getActiveMQServer().getManagementService().getResources(QueueControl.class);
        return Optional.of(Arrays.stream(queues).map(QueueControl.class::cast)
                .filter(q -> q.getName().matches("(hub|fv|DLQ|EXPIRY)\\..*"))
                .map(q -> new Depth(q.getName(), q.getMessageCount(), q.getDeliveringCount(), q.getConsumerCount()))
                .sorted(Comparator.comparing(Depth::queue)).toList());
    }

    /** One queue now; empty when the broker is not embedded or the queue is gone. */
    public Optional<Depth> of(String queue) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        Object resource = broker == null ? null
                : broker.getActiveMQServer().getManagementService().getResource(ResourceNames.QUEUE + queue);
        return resource instanceof QueueControl q
                ? Optional.of(new Depth(q.getName(), q.getMessageCount(), q.getDeliveringCount(), q.getConsumerCount()))
                : Optional.empty();
    }
}
