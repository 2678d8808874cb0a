package de.xoevhub.acknowledgement;

import de.xoevhub.acknowledgement.Acknowledgement.Outcome;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the acknowledgements Fachverfahren send to hub.receipts. The first one for a delivered message (or a routed
 * one whose SFTP uploads are still pending) moves it to ACKNOWLEDGED or REJECTED_BY_RECIPIENT, which the uploads'
 * completion then leaves as it is; one from another destination of the same message is noted on the
 * Laufzettel. Every acknowledgement, also for unknown messages, repeats and unreadable ones, is kept in the
 * acknowledgement table with its disposition; none of them fails the route.
 */
@Component("acknowledgements")
public class Acknowledgements {

    /** What became of an acknowledgement. */
    public enum Disposition { APPLIED, NOTED, DUPLICATE, UNKNOWN, INVALID }

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    /** The states an answer moves on; from the others it is only noted. */
    private static final Set<SubmissionState> UNANSWERED = EnumSet.of(SubmissionState.ROUTED,
            SubmissionState.DELIVERED);

    private final AcknowledgementReader reader;
    private final Ledger ledger;
    private final RoutingTable routing;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Acknowledgements(AcknowledgementReader reader, Ledger ledger, RoutingTable routing, JdbcClient jdbc,
                            TransactionTemplate transaction, Clock clock) {
        this.reader = reader;
        this.ledger = ledger;
        this.routing = routing;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The route's step: one message from hub.receipts. */
    public Disposition receive(Exchange exchange) {
        Message m = exchange.getMessage();
        Acknowledgement ack = reader.read(name -> m.getHeader(name, String.class), m.getBody(byte[].class));
        Disposition d = record(ack);
        LOG.info("acknowledgement for hubMessageId={} nachrichtenUUID={}: {}", ack.hubMessageId(), ack.nachrichtenUUID(), d);
        return d;
    }

    public Disposition record(Acknowledgement ack) {
        return transaction.execute(tx -> {
            if (ack.problem() != null) {
                return keep(ack, Disposition.INVALID, null, ack.problem());
            }
            List<Submission> found = ack.hubMessageId() != null
                    ? ledger.find(ack.hubMessageId()).stream().toList()
                    : ledger.findByNachrichtenUUID(ack.nachrichtenUUID());
            found = found.stream().filter(s -> s.state().handedOver()).toList();
            if (ack.hubMessageId() == null && ack.destination() != null) {
                // a nachrichtenUUID is unique per portal only, so two tenants may both have it: the answering
                // destination narrows it to the messages it was given
                found = found.stream().filter(s -> sentTo(s, ack.destination())).toList();
            }
            if (found.size() != 1) {
                return keep(ack, Disposition.UNKNOWN, null, found.isEmpty() ? "no delivered message with this id"
                        : found.size() + " delivered messages have this nachrichtenUUID; send hubMessageId"
                        + (ack.destination() == null ? " or hubDestination" : ""));
            }
            // locked, so that two acknowledgements of the same message are taken one after the other
            Submission s = ledger.findForUpdate(found.get(0).id()).orElseThrow();
            if (answeredBefore(s.id(), ack.destination())) {
                return keep(ack, Disposition.DUPLICATE, s.id(), "this destination acknowledged the message before");
            }
            SubmissionState state = ack.outcome() == Outcome.ACCEPTED ? SubmissionState.ACKNOWLEDGED
                    : SubmissionState.REJECTED_BY_RECIPIENT;
            Entry entry = new Entry("acknowledge", state.name(), describe(ack));
            if (UNANSWERED.contains(s.state())) {
                ledger.record(s.id(), state, ack.outcome() == Outcome.REJECTED ? ack.text() : null, entry);
                return keep(ack, Disposition.APPLIED, s.id(), null);
            }
            ledger.append(s.id(), entry);
            return keep(ack, Disposition.NOTED, s.id(), "the message was answered before; state kept");
        });
    }

    /** Whether the message went to this destination: one of its tenant, and the Laufzettel shows the handover. */
    private boolean sentTo(Submission s, String destination) {
        return routing.destination(destination).map(d -> d.tenant().equals(s.tenant())).orElse(true)
                && ledger.handedOverTo(s.id(), destination);
    }

    private boolean answeredBefore(String submissionId, String destination) {
        String sameDestination = destination == null ? "destination IS NULL" : "destination = ?";
        var query = jdbc.sql("SELECT count(*) FROM acknowledgement WHERE submission_id = ? AND disposition IN "
                + "('APPLIED', 'NOTED') AND " + sameDestination).param(submissionId);
        return (destination == null ? query : query.param(destination)).query(Integer.class).single() > 0;
    }

    private Disposition keep(Acknowledgement ack, Disposition d, String submissionId, String detail) {
        jdbc.sql("""
                INSERT INTO acknowledgement (id, received_at, disposition, submission_id, hub_message_id,
                  nachrichten_uuid, destination, outcome, aktenzeichen, detail)
                VALUES (?,?,?,?,?,?,?,?,?,?)""")
                .params(RandomIds.next(), clock.millis(), d.name(), submissionId, ack.hubMessageId(),
                        ack.nachrichtenUUID(), ack.destination(), ack.outcome() == null ? null : ack.outcome().name(),
                        ack.aktenzeichen(), detail == null ? describe(ack) : capped(detail))
                .update();
        return d;
    }

    private static String describe(Acknowledgement ack) {
        StringBuilder d = new StringBuilder("outcome=").append(ack.outcome());
        if (ack.destination() != null) {
            d.append(" destination=").append(ack.destination());
        }
        if (ack.aktenzeichen() != null) {
            d.append(" aktenzeichen=").append(ack.aktenzeichen());
        }
        if (ack.text() != null) {
            d.append(" text=").append(ack.text());
        }
        return capped(d.toString());
    }

    /** The detail column holds 2000 characters; a problem text (e.g. a parser's message) may be longer. */
    private static String capped(String detail) {
        return detail.length() > 2000 ? detail.substring(0, 1999) + "…" : detail;
    }
}
