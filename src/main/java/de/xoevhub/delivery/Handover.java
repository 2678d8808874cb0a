package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Addresses each destination's copy of a message and records the outcome of the pass. The duplicate id is hub
 * message id plus destination, so a redelivered pipeline message never reaches a Fachverfahren twice.
 */
@Component("handover")
public class Handover {

    private final Ledger ledger;

    public Handover(Ledger ledger) {
        this.ledger = ledger;
    }

    /** In the loop over the destinations: addresses the message to the destination of this round. */
    public void prepare(Exchange exchange) {
        Message m = exchange.getMessage();
        String destination = destinations(exchange).get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        m.setHeader(DESTINATION, destination);
        m.setHeader(DUPLICATE_ID, m.getHeader(HUB_MESSAGE_ID, String.class) + ":" + destination);
    }

    /**
     * Writes the pass to the ledger in one database transaction: the routing decision, a delivery per destination
     * and the final state. This runs before the JMS transaction commits, so a failure here rolls the sends back.
     */
    public void complete(Exchange exchange) {
        Message m = exchange.getMessage();
        List<Entry> entries = new ArrayList<>(Router.pending(exchange));
        String id = m.getHeader(HUB_MESSAGE_ID, String.class);
        if (Boolean.TRUE.equals(exchange.getProperty(ROUTABLE, Boolean.class))) {
            for (String destination : destinations(exchange)) {
                entries.add(new Entry("deliver", "DELIVERED", "destination=" + destination + " address=fv." + destination));
            }
            ledger.record(id, SubmissionState.DELIVERED, null, entries.toArray(Entry[]::new));
        } else {
            ledger.record(id, SubmissionState.QUARANTINED, m.getHeader(REASON, String.class),
                    entries.toArray(Entry[]::new));
        }
        Router.pending(exchange).clear();
    }

    @SuppressWarnings("unchecked")
    private static List<String> destinations(Exchange exchange) {
        return exchange.getProperty(DESTINATIONS, List.class);
    }
}
