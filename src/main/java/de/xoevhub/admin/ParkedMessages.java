package de.xoevhub.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.xoevhub.delivery.SftpHandover;
import de.xoevhub.intake.Inbox;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.spool.Spool;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
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

    /** What happened to one message of a replay or discard; {@code detail} says why where it did not happen. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String hubMessageId, String outcome, String detail) {

        Result(String hubMessageId, String outcome) {
            this(hubMessageId, outcome, null);
        }
    }

    static final String REPLAY = "hubReplay";
    private static final String HANDOVER_PREFIX = SftpHandover.QUEUE_PREFIX;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_LIST = 500;
    static final int MAX_SELECTION = 500;

    private final ConnectionFactory broker;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Spool spool;
    private final RoutingTable table;

    public ParkedMessages(@Qualifier("brokerConnectionFactory") ConnectionFactory broker, Ledger ledger,
                          AuditLog audit, Spool spool, RoutingTable table) {
        this.broker = broker;
        this.ledger = ledger;
        this.audit = audit;
        this.spool = spool;
        this.table = table;
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
                    String id = m.getStringProperty("hubMessageId");
                    Optional<Submission> s = id == null ? Optional.empty() : ledger.find(id);
                    // the ledger's tenant, not the message's property: anyone who could put a message here set that
                    String tenant = s.map(Submission::tenant).orElse(m.getStringProperty("tenant"));
                    if (!visible.test(tenant)) {
                        continue;
                    }
                    parked.add(new Parked(id, tenant, m.getStringProperty("standard"),
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
            // outside the account's tenant scope: answered like an unknown id, so the scope leaks nothing; audited for
            // the auditors of the account's own tenants (only a scoped account of the current request gets here)
            audit.recordOutOfScope(actor, AdminUser.current().tenants(), action, id, reason);
            return new Result(id, "NOT_FOUND");
        }
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            c.start();
            Queue queue = session.createQueue(place.queue);
            String selector = "hubMessageId = '" + id + "'";
            if (replay) {
                // looked at, not taken: a message taken and rolled back would be hidden for the redelivery delay
                String refused = refusal(session, queue, selector, place);
                if (refused != null) {
                    return refused(id, actor, reason, refused);
                }
            }
            // open until the commit: the body of a large message is read through its consumer
            try (MessageConsumer consumer = session.createConsumer(queue, selector)) {
                Message m = consumer.receive(2_000);
                if (m == null) {
                    session.rollback();
                    audit.record(actor, action, id, reason, "NOT_FOUND");
                    return new Result(id, "NOT_FOUND");
                }
                Submission before = ledger.find(id).orElse(null);
                String detail = "from " + place.queue + " by " + actor + ": " + reason;
                if (replay) {
                    String refused = refusal(m, place);
                    if (refused != null) {
                        session.rollback();
                        return refused(id, actor, reason, refused);
                    }
                    BytesMessage bytes = (BytesMessage) m;
                    String target = replayTarget(m);
                    try (ReplayedBody body = ReplayedBody.of(bytes, spool)) {
                        session.createProducer(session.createQueue(target)).send(copy(session, m, id, target, body));
                    }
                    if (before != null) {
                        ledger.record(id, SubmissionState.ACCEPTED, null, new Entry("admin", "REPLAYED", detail));
                    }
                } else if (before != null && ParkedOrigin.doubt(m, place, before.tenant()) == null) {
                    // a message that is not the submission's own copy goes, and leaves the submission as it is
                    ledger.record(id, SubmissionState.DISCARDED, reason, new Entry("admin", "DISCARDED", detail));
                }
                // the ledger first: if the broker's commit fails, the message is still parked and the Laufzettel
                // says so
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
    }

    /**
     * Why the parked message with this selector cannot be replayed, or null when it can (or is not there: the
     * consumer finds that out). The hub parks only BytesMessages; any other type came from elsewhere (e.g. a
     * Fachverfahren's receipt that failed on hub.receipts), and a replay would send it on without its body. The copy
     * of an SFTP destination that is no longer configured would wait on its handover queue, which no route reads.
     */
    private String refusal(Session session, Queue queue, String selector, Place place) throws JMSException {
        try (QueueBrowser browser = session.createBrowser(queue, selector)) {
            Enumeration<?> found = browser.getEnumeration();
            return found.hasMoreElements() ? refusal((Message) found.nextElement(), place) : null;
        }
    }

    private String refusal(Message m, Place place) throws JMSException {
        if (!(m instanceof BytesMessage)) {
            return "not replayed: its body is a " + bodyType(m) + ", and the hub parks only bytes messages (it stays "
                    + "on " + place.queue + "; discard it, or hand it on by hand)";
        }
        // not the submission's own parked copy: the pipeline would route it by the properties its sender chose, under
        // the submission's id
        String id = m.getStringProperty("hubMessageId");
        String doubt = ParkedOrigin.doubt(m, place, id == null ? null : ledger.find(id).map(Submission::tenant)
                .orElse(null));
        if (doubt != null) {
            return "not replayed: " + doubt + " (it stays on " + place.queue + "; discard it)";
        }
        String target = replayTarget(m);
        if (!target.startsWith(HANDOVER_PREFIX)) {
            return null;
        }
        String destination = target.substring(HANDOVER_PREFIX.length());
        if (table.destination(destination).map(Destination::isSftp).orElse(false)) {
            return null;
        }
        return "not replayed: it is the copy for SFTP destination " + destination + ", which the routing table no "
                + "longer has, so no route would take it from " + target + " (it stays on " + place.queue
                + "; configure " + destination + " again and replay it, or discard it)";
    }

    /** A refused replay: audited as FAILED, and on the Laufzettel of a known message. */
    private Result refused(String id, String actor, String reason, String why) {
        if (ledger.find(id).isPresent()) {
            ledger.append(id, new Entry("admin", "REPLAY_FAILED", why));
        }
        audit.record(actor, "REPLAY", id, reason, "FAILED");
        return new Result(id, "FAILED", why);
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
     * message's group, like every copy of it there ({@link Inbox#GROUP}). A large body is streamed from its spool
     * file ({@link ReplayedBody}), as the intake and the pipeline send theirs.
     */
    private static Message copy(Session session, Message original, String id, String target, ReplayedBody body)
            throws JMSException {
        BytesMessage copy = session.createBytesMessage();
        body.writeTo(copy);
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

    /** The JMS type of a message that is not a BytesMessage, for the refusal of its replay. */
    private static String bodyType(Message m) {
        for (Class<?> type : List.of(TextMessage.class, MapMessage.class, ObjectMessage.class, StreamMessage.class)) {
            if (type.isInstance(m)) {
                return type.getSimpleName();
            }
        }
        return "Message without a body";
    }
}
