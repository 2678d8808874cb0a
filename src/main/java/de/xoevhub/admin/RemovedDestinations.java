package de.xoevhub.admin;

import de.xoevhub.broker.BrokerProperties;
import de.xoevhub.delivery.SftpHandover;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.PendingDeliveries.Waiting;
import de.xoevhub.tracking.PendingDeliveries;
import de.xoevhub.tracking.SubmissionState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * SFTP destinations that left the routing table (or are no longer of type sftp or dms) while copies still waited for
 * them. No route reads their handover queue any more (SftpRoutes makes one per configured destination), so at start
 * the copies left on {@code hub.handover.<id>} are moved to hub.dlq, by the broker, with {@code _AMQ_ORIG_ADDRESS}
 * naming the handover queue as for a failed upload, and every submission still waiting for such a destination is
 * FAILED with the reason on its Laufzettel. On hub.dlq an admin discards them, or configures the destination again
 * and replays them: {@link ParkedMessages} refuses a replay to a destination that is not configured.
 */
@Component
public class RemovedDestinations {

    private static final Logger LOG = LoggerFactory.getLogger(RemovedDestinations.class);
    private static final String HANDOVER = SftpHandover.QUEUE_PREFIX;
    /** A move of many large messages can take the broker a while; the next start finishes one that timed out. */
    private static final long MOVE_TIMEOUT_MS = 120_000;

    private final RoutingTable table;
    private final PendingDeliveries pending;
    private final Ledger ledger;
    private final BrokerProperties broker;

    public RemovedDestinations(RoutingTable table, PendingDeliveries pending, Ledger ledger, BrokerProperties broker) {
        this.table = table;
        this.pending = pending;
        this.ledger = ledger;
        this.broker = broker;
    }

    /** Whether copies for {@code destination} are uploaded: it is an SFTP (or DMS) destination of the table. */
    boolean uploaded(String destination) {
        return table.destination(destination).map(Destination::isSftp).orElse(false);
    }

    /**
     * Moves the copies of removed destinations to hub.dlq and fails the submissions waiting for them. The broker is
     * asked through its management address (embedded or external; an external broker's account needs
     * {@code manage}); what it cannot do stays as it was, and the error log names what is left.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void park() {
        Map<String, List<Waiting>> waiting = pending.waiting().stream().filter(w -> !uploaded(w.destination()))
                .collect(Collectors.groupingBy(Waiting::destination, TreeMap::new, Collectors.toList()));
        try (ServerLocator locator = ActiveMQClient.createServerLocator(broker.url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(broker.user(), broker.password(), false, true, true, false,
                     ActiveMQClient.DEFAULT_ACK_BATCH_SIZE)) {
            ClientRequestor requestor = new ClientRequestor(session, "activemq.management");
            session.start();
            Set<String> queues = new TreeSet<>();
            for (Object name : (Object[]) QueueDepths.invoke(session, requestor, 5_000, ResourceNames.BROKER,
                    "getQueueNames")) {
                String queue = String.valueOf(name);
                if (queue.startsWith(HANDOVER) && !uploaded(queue.substring(HANDOVER.length()))) {
                    queues.add(queue);
                }
            }
            Set<String> removed = new TreeSet<>(waiting.keySet());
            queues.forEach(q -> removed.add(q.substring(HANDOVER.length())));
            for (String destination : removed) {
                long moved = queues.contains(HANDOVER + destination) ? move(session, requestor, destination) : 0;
                fail(destination, moved, waiting.getOrDefault(destination, List.of()));
            }
        } catch (Exception e) {
            if (waiting.isEmpty()) {
                LOG.warn("could not look for copies of removed SFTP destinations on the broker: {}", e.getMessage());
            } else {
                LOG.error("submissions wait for SFTP destinations that are no longer configured ({}), but their copies "
                        + "could not be moved from hub.handover.<destination> to hub.dlq: {}. What was not moved stays "
                        + "as it was; the hub tries again at its next start (docs/routing.md)", counts(waiting),
                        e.getMessage());
            }
        }
    }

    /**
     * Moves the copies on the destination's handover queue to hub.dlq. A copy the broker held back for a redelivery
     * keeps its time ({@code _AMQ_SCHED_DELIVERY}) through the move, and would stay hidden on hub.dlq until then: the
     * moved copies are made visible there at once.
     */
    private static long move(ClientSession session, ClientRequestor requestor, String destination) throws Exception {
        String dlq = ParkedMessages.Place.DLQ.queue;
        long moved = QueueDepths.number(QueueDepths.invoke(session, requestor, MOVE_TIMEOUT_MS,
                ResourceNames.QUEUE + HANDOVER + destination, "moveMessages", "", dlq));
        if (moved > 0) {
            // destination ids are [a-z0-9._-]: nothing to quote
            QueueDepths.invoke(session, requestor, MOVE_TIMEOUT_MS, ResourceNames.QUEUE + dlq,
                    "deliverScheduledMessages", "_AMQ_ORIG_ADDRESS = '" + HANDOVER + destination + "'");
        }
        return moved;
    }

    private void fail(String destination, long moved, List<Waiting> waiting) {
        String queue = HANDOVER + destination;
        String detail = "destination=" + destination + " is no longer an SFTP destination of the routing table, so no "
                + "upload to it will happen; " + (moved > 0 ? "the copies left on " + queue + " (" + moved
                + ") went to hub.dlq: replay once " + destination + " is configured again, or discard"
                : "no copy was left on " + queue);
        int failed = 0;
        for (Waiting w : waiting) {
            // only while it still waits: another instance starting at the same time may have done it
            if (ledger.recordIf(w.submissionId(), w.state(), SubmissionState.FAILED,
                    "SFTP destination " + destination + " is no longer configured",
                    new Entry("pipeline", "FAILED", detail))) {
                failed++;
            }
        }
        if (moved > 0 || failed > 0) {
            LOG.warn("SFTP destination {} is no longer configured: {} copies moved from {} to hub.dlq, {} submissions "
                    + "waiting for it are FAILED (docs/routing.md)", destination, moved, queue, failed);
        }
    }

    private static String counts(Map<String, List<Waiting>> waiting) {
        return waiting.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().size() + " submissions")
                .collect(Collectors.joining(", "));
    }
}
