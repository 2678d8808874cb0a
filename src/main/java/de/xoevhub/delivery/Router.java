package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.routing.RoutingKey;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.util.List;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The pipeline's routing step: looks the message up in the routing table and records the decision on the
 * Laufzettel. Unroutable messages are marked QUARANTINED with reason UNROUTABLE.
 */
@Component("router")
public class Router {

    static final String UNROUTABLE = "UNROUTABLE";

    private final RoutingTable table;
    private final Ledger ledger;
    private final Laufzettel laufzettel;

    public Router(RoutingTable table, Ledger ledger, Laufzettel laufzettel) {
        this.table = table;
        this.ledger = ledger;
        this.laufzettel = laufzettel;
    }

    public void route(Message message) {
        String id = message.getHeader(HUB_MESSAGE_ID, String.class);
        message.removeHeader(DUPLICATE_ID);
        RoutingKey key = new RoutingKey(message.getHeader(TENANT, String.class),
                message.getHeader(STANDARD, String.class), message.getHeader(VERSION, String.class),
                message.getHeader(NACHRICHTENTYP, String.class), message.getHeader(LESER, String.class),
                message.getHeader(AUTOR, String.class));
        var match = table.route(key);
        if (match.isEmpty()) {
            message.setHeader(ROUTABLE, false);
            message.setHeader(REASON, UNROUTABLE);
            message.setHeader(DESTINATIONS, List.of());
            ledger.updateState(id, SubmissionState.QUARANTINED, UNROUTABLE);
            laufzettel.append(id, "route", UNROUTABLE, "no rule matches " + key + "; kept on hub.quarantine");
            return;
        }
        List<String> ids = match.get().destinations().stream().map(Destination::id).toList();
        message.setHeader(ROUTABLE, true);
        message.setHeader(DESTINATIONS, ids);
        ledger.updateState(id, SubmissionState.ROUTED, null);
        laufzettel.append(id, "route", "ROUTED", "rule=" + match.get().rule() + " destinations=" + ids);
    }
}
