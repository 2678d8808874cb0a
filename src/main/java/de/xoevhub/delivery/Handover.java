package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Prepares each destination's copy of a message and records its handover. The duplicate id is hub message id
 * plus destination, so a redelivered pipeline message never reaches a Fachverfahren twice.
 */
@Component("handover")
public class Handover {

    private final Ledger ledger;
    private final Laufzettel laufzettel;

    public Handover(Ledger ledger, Laufzettel laufzettel) {
        this.ledger = ledger;
        this.laufzettel = laufzettel;
    }

    /** In the splitter the body is the destination id; it becomes a header and the payload the body again. */
    public void prepare(Exchange exchange) {
        Message m = exchange.getMessage();
        String destination = m.getBody(String.class);
        m.removeHeader(ROUTABLE);
        m.removeHeader(DESTINATIONS);
        m.setHeader(DESTINATION, destination);
        m.setHeader(DUPLICATE_ID, m.getHeader(HUB_MESSAGE_ID, String.class) + ":" + destination);
        m.setBody(exchange.getProperty(PAYLOAD));
    }

    public void delivered(Message m) {
        laufzettel.append(m.getHeader(HUB_MESSAGE_ID, String.class), "deliver", "DELIVERED",
                "destination=" + m.getHeader(DESTINATION) + " address=fv." + m.getHeader(DESTINATION));
    }

    public void complete(Message m) {
        ledger.updateState(m.getHeader(HUB_MESSAGE_ID, String.class), SubmissionState.DELIVERED, null);
    }
}
