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
 * A second copy of an already delivered message on hub.inbox. Its pass sends copies whose duplicate ids
 * ({@code hubMessageId:destination}) the broker already holds, so the broker rolls the whole pass back at commit,
 * and without this the copy would be redelivered until it ends on hub.dlq, writing its pass to the Laufzettel each
 * time. The broker's refusal is the proof that an earlier pass of the message committed, with all its copies:
 * the listener containers report it here (their error handler, on the thread of the pass), it goes on the
 * Laufzettel as {@value #NOTED}, and the next delivery of the message is taken without sending
 * ({@link Router#route}, {@link Handover#complete}).
 */
@Component
public class DuplicateCopies implements ErrorHandler {

    static final String NOTED = "DUPLICATE_COPY";
    static final String TAKEN = "DUPLICATE_TAKEN";
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
