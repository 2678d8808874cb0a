package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records a pipeline failure that outlasted its retries; the message then goes to hub.dlq. */
@Component("failures")
public class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final Ledger ledger;
    private final Laufzettel laufzettel;

    public Failures(Ledger ledger, Laufzettel laufzettel) {
        this.ledger = ledger;
        this.laufzettel = laufzettel;
    }

    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String id = exchange.getMessage().getHeader(HUB_MESSAGE_ID, String.class);
        exchange.getMessage().removeHeader(DUPLICATE_ID);
        exchange.getMessage().setHeader(REASON, reason);
        if (exchange.getProperty(PAYLOAD) != null) {
            exchange.getMessage().setBody(exchange.getProperty(PAYLOAD));
        }
        LOG.warn("message {} failed after retries, moved to hub.dlq: {}", id, reason);
        if (id != null) {
            ledger.updateState(id, SubmissionState.FAILED, reason);
            laufzettel.append(id, "pipeline", "FAILED", reason + "; moved to hub.dlq");
        }
    }
}
