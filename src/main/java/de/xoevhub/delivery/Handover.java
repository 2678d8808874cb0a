package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import de.xoevhub.dms.XdomeaPackage;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.seal.SealMode;
import de.xoevhub.seal.Sealer;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.LargeMessages;
import de.xoevhub.spool.SpoolOutput;
import de.xoevhub.tracking.PendingDeliveries;
import org.springframework.transaction.support.TransactionTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Seals and addresses each destination's copy of a message and records the outcome of the pass. The duplicate id is hub
 * message id plus destination, so a redelivered pipeline message never reaches a Fachverfahren twice.
 */
@Component("handover")
public class Handover {

    private final Ledger ledger;
    private final Sealer sealer;
    private final DestinationSeals seals;

    private final RoutingTable table;
    private final PendingDeliveries pending;
    private final TransactionTemplate transaction;
    private final LargeMessages largeMessages;

    public Handover(Ledger ledger, Sealer sealer, DestinationSeals seals, RoutingTable table,
                    PendingDeliveries pending, TransactionTemplate transaction, LargeMessages largeMessages) {
        this.largeMessages = largeMessages;
        this.ledger = ledger;
        this.sealer = sealer;
        this.seals = seals;
        this.table = table;
        this.pending = pending;
        this.transaction = transaction;
    }

    /**
     * In the loop over the destinations: seals the accepted message for the destination of this round and
     * addresses the copy to it.
     */
    public void prepare(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        String destination = destinations(exchange).get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        String id = m.getHeader(HUB_MESSAGE_ID, String.class);
        Destination d = table.destination(destination).orElseThrow();
        Content payload = exchange.getProperty(PAYLOAD, Content.class);
        boolean container = m.getHeader(CONTAINER) != null;
        if (d.isDms()) {
            SpoolOutput zip = largeMessages.output(exchange, payload, "xdomea");
            try (InputStream in = payload.open(); OutputStream out = zip.open()) {
                if (container) {
                    XdomeaPackage.zipContainer(metadata(m, id, destination), in, out);
                } else {
                    XdomeaPackage.zip(metadata(m, id, destination), in, out);
                }
            }
            payload = zip.content();
        }
        SpoolOutput sealed = largeMessages.output(exchange, payload, "sealed");
        Sealer.Seal seal;
        try (InputStream in = payload.open(); OutputStream out = sealed.open()) {
            seal = sealer.seal(in, out, seals.of(destination));
        }
        largeMessages.send(exchange, sealed.content());
        m.setHeader(SEAL, seal.mode().label());
        m.setHeader(DESTINATION, destination);
        m.setHeader(DUPLICATE_ID, id + ":" + destination);
        if (d.isSftp()) {
            // <id>.xml (<id>.zip for a container) or <id>_Abgabe.Abgabe.0401.zip when unsealed; sealed: <id>.p7m
            // (<id>.zip.p7m) or <id>_Abgabe.Abgabe.0401.zip.p7m
            String plain = d.isDms() ? id + "_" + XdomeaPackage.MESSAGE_TYPE + ".zip"
                    : id + (container ? ".zip" : ".xml");
            String sealedName = d.isDms() || container ? plain + ".p7m" : id + ".p7m";
            m.setHeader(FILE_NAME, seal.mode() == SealMode.OFF ? plain : sealedName);
        }
        exchange.setProperty(DESTINATION_TYPE, d.isSftp() ? "sftp" : "queue");
        sealsOfPass(exchange).put(destination, (d.isDms() ? "package=xdomea " + XdomeaPackage.MESSAGE_TYPE + " " : "")
                + seal.describe());
    }

    /**
     * Writes the pass to the ledger in one database transaction: the routing decision, a delivery per queue
     * destination, a handover per SFTP destination, and the state: DELIVERED, or ROUTED while SFTP uploads are
     * pending. This runs before the JMS transaction commits, so a failure here rolls the sends back.
     * <p>
     * A pass of a message that the ledger shows handed over already (a second copy, or the message again after a
     * crash between this commit and the broker's) writes its entries but leaves the state and the pending uploads as
     * the earlier pass wrote them: whether that pass's sends committed only the broker knows, and it drops the copies
     * that did ({@link DuplicateCopies}).
     */
    public void complete(Exchange exchange) {
        Message m = exchange.getMessage();
        List<Entry> entries = new ArrayList<>(Router.pending(exchange));
        String id = m.getHeader(HUB_MESSAGE_ID, String.class);
        if (Boolean.TRUE.equals(exchange.getProperty(DUPLICATE_COPY, Boolean.class))) {
            ledger.append(id, entries.toArray(Entry[]::new));
        } else if (Boolean.TRUE.equals(exchange.getProperty(ROUTABLE, Boolean.class))) {
            Map<String, String> sealed = sealsOfPass(exchange);
            List<String> uploads = new ArrayList<>();
            for (String destination : destinations(exchange)) {
                if (sftp(destination)) {
                    uploads.add(destination);
                    entries.add(new Entry("deliver", "HANDED_OVER", "destination=" + destination + " queued on "
                            + SftpHandover.QUEUE_PREFIX + destination + " for the SFTP upload " + sealed.get(destination)));
                } else {
                    entries.add(new Entry("deliver", "DELIVERED", "destination=" + destination + " address=fv."
                            + destination + " " + sealed.get(destination)));
                }
            }
            transaction.executeWithoutResult(tx -> {
                SubmissionState current = ledger.stateForUpdate(id);
                if (current.handedOver()) {
                    entries.add(new Entry("pipeline", DuplicateCopies.REPEATED, "the ledger holds an earlier pass "
                            + "(state " + current + "): the copies went out again with the same duplicate ids, so the "
                            + "broker drops those an earlier pass delivered; the state stays"));
                    ledger.append(id, entries.toArray(Entry[]::new));
                } else {
                    ledger.record(id, uploads.isEmpty() ? SubmissionState.DELIVERED : SubmissionState.ROUTED, null,
                            entries.toArray(Entry[]::new));
                    pending.expect(id, uploads);
                }
            });
        } else {
            ledger.record(id, SubmissionState.QUARANTINED, m.getHeader(REASON, String.class),
                    entries.toArray(Entry[]::new));
        }
        Router.pending(exchange).clear();
    }

    /** The xdomea metadata: the XÖV header as the message properties carry it, and the time of receipt. */
    private XdomeaPackage.Metadata metadata(Message m, String id, String destination) {
        return new XdomeaPackage.Metadata(id, m.getHeader(TENANT, String.class), m.getHeader("portal", String.class),
                m.getHeader(STANDARD, String.class), m.getHeader(VERSION, String.class),
                m.getHeader(NACHRICHTENTYP, String.class), m.getHeader("nachrichtenUUID", String.class),
                m.getHeader(AUTOR, String.class), m.getHeader(LESER, String.class),
                ledger.find(id).orElseThrow().receivedAt(), destination);
    }

    private boolean sftp(String destination) {
        return table.destination(destination).map(d -> d.isSftp()).orElse(false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> sealsOfPass(Exchange exchange) {
        Map<String, String> seals = exchange.getProperty(SEALS, Map.class);
        if (seals == null) {
            seals = new HashMap<>();
            exchange.setProperty(SEALS, seals);
        }
        return seals;
    }

    @SuppressWarnings("unchecked")
    private static List<String> destinations(Exchange exchange) {
        return exchange.getProperty(DESTINATIONS, List.class);
    }
}
