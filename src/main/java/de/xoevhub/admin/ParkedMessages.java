package de.xoevhub.admin;

import de.xoevhub.intake.Inbox;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Messages parked on hub.quarantine (unroutable) or hub.dlq (failed after every attempt), and what an admin can do
 * with them: list them with the ledger's reason, replay them into the pipeline (after the routing table or a
 * certificate was fixed) or discard them with a reason. Every action goes to the audit log and the Laufzettel.
 * A replay never repeats a delivery that succeeded: the pipeline skips destinations the Laufzettel already shows
 * as delivered.
 */
@Component
public class ParkedMessages {

    /** The two parking places. */
    public enum Place {
        QUARANTINE("hub.quarantine"), DLQ("hub.dlq");

        final String queue;

        Place(String queue) {
            this.queue = queue;
        }
    }

    /** One parked message as an admin sees it. */
    public record Parked(String hubMessageId, String tenant, String standard, String nachrichtentyp, String state,
                         String reason, String originalAddress, Instant parkedAt) {
    }

    /** What happened to one message of a replay or discard. */
    public record Result(String hubMessageId, String outcome) {
    }

    static final String REPLAY = "hubReplay";
    private static final String HANDOVER_PREFIX = "hub.handover.";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_LIST = 500;
    static final int MAX_SELECTION = 500;

    private final ConnectionFactory broker;
    private final Ledger ledger;
    private final AuditLog audit;

    public ParkedMessages(@Qualifier("brokerConnectionFactory") ConnectionFactory broker, Ledger ledger,
                          AuditLog audit) {
        this.broker = broker;
        this.ledger = ledger;
        this.audit = audit;
    }

    /**
     * Up to {@code limit} (at most {@value #MAX_LIST}) parked messages of the tenants {@code visible} accepts, oldest
     * first, with the ledger's state and reason. Browses only until the page is full: after an outage hub.dlq can
     * hold tens of thousands of messages, and reading them all for one page would take the broker's time and the
     * hub's heap. The page shows no total; the queue depths (dashboard, {@code GET /admin/api/queues}) count them.
     */
    public List<Parked> list(Place place, int limit, Predicate<String> visible) throws JMSException {
        List<Parked> parked = new ArrayList<>();
        int max = Math.min(limit, MAX_LIST);
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(place.queue))) {
                Enumeration<?> messages = browser.getEnumeration();
                while (parked.size() < max && messages.hasMoreElements()) {
                    Message m = (Message) messages.nextElement();
                    if (!visible.test(m.getStringProperty("tenant"))) {
                        continue;
                    }
                    String id = m.getStringProperty("hubMessageId");
                    Optional<Submission> s = id == null ? Optional.empty() : ledger.find(id);
                    parked.add(new Parked(id, m.getStringProperty("tenant"), m.getStringProperty("standard"),
                            m.getStringProperty("nachrichtentyp"), s.map(x -> x.state().name()).orElse(null),
                            s.map(Submission::reason).orElse(m.getStringProperty("hubReason")),
                            m.getStringProperty("_AMQ_ORIG_ADDRESS"), Instant.ofEpochMilli(m.getJMSTimestamp())));
                }
            }
        }
        return parked;
    }

    /**
     * Puts the messages back into the pipeline (hub.inbox, or for a failed SFTP upload its handover queue), each in
     * its own transaction; messages of tenants {@code visible} does not
     * accept are answered as NOT_FOUND.
     */
    public List<Result> replay(Place place, List<String> ids, String actor, String reason, Predicate<String> visible)
            throws JMSException {
        List<Result> results = new ArrayList<>();
        for (String id : ids) {
            results.add(take(place, id, actor, reason, true, visible));
        }
        return results;
    }

    /** Removes the messages for good (the reason is mandatory), within the tenants {@code visible} accepts. */
    public List<Result> discard(Place place, List<String> ids, String actor, String reason, Predicate<String> visible)
            throws JMSException {
        List<Result> results = new ArrayList<>();
        for (String id : ids) {
            results.add(take(place, id, actor, reason, false, visible));
        }
        return results;
    }

    private Result take(Place place, String id, String actor, String reason, boolean replay,
                        Predicate<String> visible) throws JMSException {
        String action = replay ? "REPLAY" : "DISCARD";
        if (!ID.matcher(id).matches()) {
            audit.record(actor, action, id, reason, "INVALID_ID");
            return new Result(id, "INVALID_ID");
        }
        if (!visible.test(ledger.find(id).map(Submission::tenant).orElse(null))) {
            // outside the account's tenant scope: answered like an unknown id, so the scope leaks nothing
            audit.record(actor, action, id, reason, "OUT_OF_SCOPE");
            return new Result(id, "NOT_FOUND");
        }
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            c.start();
            Queue queue = session.createQueue(place.queue);
            Message m;
            try (MessageConsumer consumer = session.createConsumer(queue, "hubMessageId = '" + id + "'")) {
                m = consumer.receive(2_000);
            }
            if (m == null) {
                session.rollback();
                audit.record(actor, action, id, reason, "NOT_FOUND");
                return new Result(id, "NOT_FOUND");
            }
            Submission before = ledger.find(id).orElse(null);
            String detail = "from " + place.queue + " by " + actor + ": " + reason;
            if (replay) {
                String target = replayTarget(m);
                session.createProducer(session.createQueue(target)).send(copy(session, m, id, target));
                if (before != null) {
                    ledger.record(id, SubmissionState.ACCEPTED, null, new Entry("admin", "REPLAYED", detail));
                }
            } else if (before != null) {
                ledger.record(id, SubmissionState.DISCARDED, reason, new Entry("admin", "DISCARDED", detail));
            }
            // the ledger first: if the broker's commit fails, the message is still parked and the Laufzettel says so
            try {
                session.commit();
            } catch (JMSException e) {
                if (before != null) {
                    ledger.record(id, before.state(), before.reason(),
                            new Entry("admin", action + "_FAILED", "broker commit failed: " + e.getMessage()));
                }
                audit.record(actor, action, id, reason, "FAILED");
                throw e;
            }
            String outcome = replay ? "REPLAYED" : "DISCARDED";
            audit.record(actor, action, id, reason, outcome);
            return new Result(id, outcome);
        }
    }

    /**
     * Where a replayed message goes: a dead letter of an SFTP upload back to its handover queue, as the sealed copy
     * it is (the pipeline already routed and sealed it, and its other destinations may have it); anything else to
     * hub.inbox, for a new pass.
     */
    private static String replayTarget(Message m) throws JMSException {
        String origin = m.getStringProperty("_AMQ_ORIG_ADDRESS");
        return origin != null && origin.startsWith(HANDOVER_PREFIX) ? origin : Inbox.ADDRESS;
    }

    /**
     * The same body and properties, as a new message with its own duplicate-detection id; on hub.inbox in the
     * message's group, like every copy of it there ({@link Inbox#GROUP}).
     */
    private static Message copy(Session session, Message original, String id, String target) throws JMSException {
        BytesMessage copy = session.createBytesMessage();
        if (original instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            copy.writeBytes(body);
        }
        for (Object name : Collections.list(original.getPropertyNames())) {
            String n = (String) name;
            if (!n.startsWith("_AMQ") && !n.startsWith("JMSX") && !n.equals("hubReason")) {
                copy.setObjectProperty(n, original.getObjectProperty(n));
            }
        }
        copy.setBooleanProperty(REPLAY, true);
        copy.setStringProperty(Inbox.DUPLICATE_ID, id + ":inbox:replay:" + RandomIds.next());
        if (target.equals(Inbox.ADDRESS)) {
            copy.setStringProperty(Inbox.GROUP, id);
        }
        return copy;
    }
}
