package de.xoevhub.delivery;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.ErrorHandler;

/**
 * A second copy of a message on hub.inbox: two intake sends of one submission that the broker's duplicate check let
 * through side by side, or a copy left by a broker outage; or the same message again after a crash between the
 * ledger's commit of a pass and the broker's ({@link Handover#complete}). All copies of a message are in one message
 * group ({@link de.xoevhub.intake.Inbox#GROUP}), so the broker passes them one after the other, never at once.
 * <p>
 * Only the broker knows whether an earlier pass committed its sends: the ledger is written first, and after a broker
 * restart a message whose pass was cut short comes back as if delivered for the first time (the broker does not store
 * the delivery count before it delivers). So every copy sends, with the duplicate ids of its copies
 * ({@code hubMessageId:destination}). If an earlier pass committed, the broker holds those ids and rolls the whole
 * pass back at commit. That refusal is the proof that an earlier pass committed, with all its copies: the listener
 * containers report it here (their error handler, on the thread of the pass), it goes on the Laufzettel as
 * {@value #NOTED}, and the next delivery of the copy is taken without sending, as {@value #TAKEN}
 * ({@link #refusedBefore}). Without this the copy would be redelivered until it ends on hub.dlq.
 * <p>
 * ({@link Router#route}, {@link Handover#complete})
 */
@Component
public class DuplicateCopies implements ErrorHandler {

    static final String NOTED = "DUPLICATE_COPY";
    static final String TAKEN = "DUPLICATE_TAKEN";
    static final String REPEATED = "PASS_REPEATED";
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateCopies.class);
    /** The hub message id of the inbox pass running on this listener thread. */
    private static final ThreadLocal<String> PASS = new ThreadLocal<>();

    private final Ledger ledger;
    private final Laufzettel laufzettel;

    public DuplicateCopies(Ledger ledger, Laufzettel laufzettel) {
        this.ledger = ledger;
        this.laufzettel = laufzettel;
    }

    /** Called by the router at the start of each inbox pass, on the listener's thread. */
    void passStarts(String id) {
        PASS.set(id);
    }

    /** Whether this (redelivered) message is a copy whose copies the broker refused in its last pass. */
    boolean refusedBefore(String id) {
        List<LaufzettelEvent> events = laufzettel.events(id);
        return !events.isEmpty() && NOTED.equals(events.get(events.size() - 1).outcome());
    }

    /** The listener containers' error handler: a failed listener or a failed commit, after the rollback. */
    @Override
    public void handleError(Throwable t) {
        String id = PASS.get();
        PASS.remove();
        if (id == null || !refusedAsDuplicate(t)) {
            LOG.warn("Execution of JMS message listener failed; the message will be redelivered", t);
            return;
        }
        LOG.warn("hub message {}: the broker already holds its copies; a second copy on hub.inbox, taken without "
                + "sending when it comes again", id);
        ledger.append(id, new Entry("route", NOTED, "the broker refused this pass's copies as duplicates: the "
                + "message was delivered by an earlier pass; this copy is taken without sending"));
    }

    static boolean refusedAsDuplicate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ActiveMQException e && e.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED) {
                return true;
            }
        }
        return false;
    }
}
