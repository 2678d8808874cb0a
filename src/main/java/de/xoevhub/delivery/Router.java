package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.intake.Inbox;
import de.xoevhub.routing.RoutingKey;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.LargeMessages;
import de.xoevhub.tracking.Laufzettel.Entry;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The pipeline's routing step: looks the message up in the routing table. The decision goes on the Laufzettel
 * with the rest of this pass ({@link Handover#complete}), or with the failure ({@link Failures#record}).
 */
@Component("router")
public class Router {

    static final String UNROUTABLE = "UNROUTABLE";

    private final RoutingTable table;
    private final LargeMessages largeMessages;
    private final DuplicateCopies duplicates;

    public Router(RoutingTable table, LargeMessages largeMessages, DuplicateCopies duplicates) {
        this.table = table;
        this.largeMessages = largeMessages;
        this.duplicates = duplicates;
    }

    public void route(Exchange exchange) {
        Message message = exchange.getMessage();
        Content payload = exchange.getProperty(LargeMessages.RECEIVED, Content.class);
        String id = message.getHeader(HUB_MESSAGE_ID, String.class);
        duplicates.passStarts(id);
        boolean redelivered = Boolean.TRUE.equals(message.getHeader("JMSRedelivered", Boolean.class));
        if (redelivered && duplicates.refusedBefore(id)) {
            // the broker refused this copy's last pass: an earlier pass delivered it (DuplicateCopies)
            exchange.setProperty(ROUTABLE, true);
            exchange.setProperty(DUPLICATE_COPY, true);
            exchange.setProperty(DESTINATIONS, List.of());
            exchange.setProperty(DESTINATION_COUNT, 0);
            pending(exchange).add(new Entry("route", DuplicateCopies.TAKEN, "second copy taken without sending"));
            return;
        }
        // the broker's own properties (duplicate id, large-message size) and the inbox's message group belong to the
        // message taken, not to copies
        message.getHeaders().keySet().removeIf(name -> name.startsWith("_AMQ_") || name.equals(Inbox.GROUP));
        RoutingKey key = new RoutingKey(message.getHeader(TENANT, String.class),
                message.getHeader(STANDARD, String.class), message.getHeader(VERSION, String.class),
                message.getHeader(NACHRICHTENTYP, String.class), message.getHeader(LESER, String.class),
                message.getHeader(AUTOR, String.class));
        var match = table.route(key);
        if (match.isEmpty()) {
            exchange.setProperty(ROUTABLE, false);
            exchange.setProperty(DESTINATIONS, List.of());
            exchange.setProperty(DESTINATION_COUNT, 0);
            message.setHeader(REASON, UNROUTABLE);
            largeMessages.send(exchange, payload);
            pending(exchange).add(new Entry("route", UNROUTABLE, "no rule matches " + key + "; kept on hub.quarantine"));
            return;
        }
        List<String> ids = match.get().destinations().stream().map(Destination::id).toList();
        exchange.setProperty(PAYLOAD, payload);
        exchange.setProperty(ROUTABLE, true);
        exchange.setProperty(DESTINATIONS, ids);
        exchange.setProperty(DESTINATION_COUNT, ids.size());
        pending(exchange).add(new Entry("route", "ROUTED", "rule=" + match.get().rule() + " destinations=" + ids));
    }

    /** The Laufzettel entries of this pass that are not written yet. */
    @SuppressWarnings("unchecked")
    static List<Entry> pending(Exchange exchange) {
        List<Entry> entries = exchange.getProperty(LAUFZETTEL, List.class);
        if (entries == null) {
            entries = new ArrayList<>(4);
            exchange.setProperty(LAUFZETTEL, entries);
        }
        return entries;
    }
}
