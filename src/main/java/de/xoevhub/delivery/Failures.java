package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.broker.BrokerProperties;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a failed pipeline attempt before its transaction rolls back. On the broker's last attempt the message
 * is marked FAILED: the broker then moves it to hub.dlq. The pending entries of the failed pass are written too.
 */
@Component("failures")
public class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final Ledger ledger;
    private final int maxAttempts;

    public Failures(Ledger ledger, BrokerProperties broker) {
        this.ledger = ledger;
        this.maxAttempts = broker.maxDeliveryAttempts();
    }

    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String id = exchange.getMessage().getHeader(HUB_MESSAGE_ID, String.class);
        Integer delivery = exchange.getMessage().getHeader(DELIVERY_COUNT, Integer.class);
        int attempt = delivery == null ? 1 : delivery;
        // the SFTP upload routes carry the destination; the inbox-router's failures concern the whole pass
        String destination = exchange.getMessage().getHeader(DESTINATION, String.class);
        String attempts = (destination == null ? "" : "destination=" + destination + " ") + "attempt " + attempt
                + " of " + maxAttempts + ": " + reason;
        if (id == null) {
            LOG.warn("pipeline message without hubMessageId failed, {}", attempts);
            return;
        }
        // what this pass decided before it failed, e.g. the routing, goes on the Laufzettel with the failure
        List<Entry> pending = Router.pending(exchange);
        if (attempt >= maxAttempts) {
            LOG.warn("message {} failed on its last attempt, the broker moves it to hub.dlq: {}", id, reason);
            pending.add(new Entry("pipeline", "FAILED", attempts + "; rolled back, moved to hub.dlq"));
            ledger.record(id, SubmissionState.FAILED, reason, pending.toArray(Entry[]::new));
        } else {
            LOG.info("message {} failed, {}; rolled back for redelivery", id, attempts);
            pending.add(new Entry("pipeline", "RETRY", attempts + "; rolled back for redelivery"));
            ledger.append(id, pending.toArray(Entry[]::new));
        }
    }
}
