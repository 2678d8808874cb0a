package de.xoevhub.admin;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The content of a parked message, read by browsing hub.quarantine and hub.dlq (the message stays where it is).
 * The hub keeps a payload only while it is on the broker: once delivered it is in the destination's hands, and the
 * ledger keeps its size and SHA-256. Reads at most {@code limit} bytes, so a large message is not taken into memory.
 */
@Component
class ParkedPayload {

    /** Up to {@code limit} bytes of the body, its full size, and the parking place it was found in. */
    record Payload(ParkedMessages.Place place, long size, byte[] head) {

        public String queue() {
            return place.queue;
        }

        public boolean truncated() {
            return head.length < size;
        }

        /** Text when the bytes are text (no NUL); otherwise empty, and the page says it is binary. */
        public Optional<String> text() {
            for (byte b : head) {
                if (b == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new String(head, StandardCharsets.UTF_8));
        }
    }

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ConnectionFactory broker;

    ParkedPayload(@Qualifier("brokerConnectionFactory") ConnectionFactory broker) {
        this.broker = broker;
    }

    /**
     * The body of the submission's parked copy; empty when neither parking queue holds one. A message there under the
     * same id that is not the submission's own copy ({@link ParkedOrigin}; e.g. of another tenant) is not shown as it.
     */
    Optional<Payload> find(String id, String tenant, int limit) throws JMSException {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            for (ParkedMessages.Place place : ParkedMessages.Place.values()) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue(place.queue),
                        "hubMessageId = '" + id + "'")) {
                    Enumeration<?> found = browser.getEnumeration();
                    while (found.hasMoreElements()) {
                        Message m = (Message) found.nextElement();
                        if (ParkedOrigin.doubt(m, place, tenant) == null) {
                            return Optional.of(read(place, m, limit));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Payload read(ParkedMessages.Place place, Message m, int limit) throws JMSException {
        if (m instanceof BytesMessage bytes) {
            long size = bytes.getBodyLength();
            byte[] head = new byte[(int) Math.min(size, limit)];
            int read = head.length == 0 ? 0 : bytes.readBytes(head);
            return new Payload(place, size, Arrays.copyOf(head, Math.max(read, 0)));
        }
        if (m instanceof TextMessage text && text.getText() != null) {
            byte[] all = text.getText().getBytes(StandardCharsets.UTF_8);
            return new Payload(place, all.length, Arrays.copyOf(all, Math.min(all.length, limit)));
        }
        return new Payload(place, 0, new byte[0]);
    }
}
