package de.xoevhub;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A plain JMS consumer for tests: takes messages off a queue, optionally by selector, as a Fachverfahren would. */
public final class QueueProbe implements AutoCloseable {

    /** A received message: its properties and body. */
    public record Received(Message message, byte[] body) {
        public String property(String name) {
            try {
                return message.getStringProperty(name);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;

    public QueueProbe(ConnectionFactory cf, String queue, String selector) throws JMSException {
        connection = cf.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(session.createQueue(queue), selector);
        connection.start();
    }

    public Received receive(long timeoutMs) throws JMSException {
        Message m = consumer.receive(timeoutMs);
        if (m == null) {
            return null;
        }
        byte[] body = null;
        if (m instanceof BytesMessage bm) {
            body = new byte[(int) bm.getBodyLength()];
            bm.readBytes(body);
        }
        return new Received(m, body);
    }

    /** Everything that arrives until the queue stays quiet for {@code quietMs}. */
    public List<Received> drain(long quietMs) throws JMSException {
        List<Received> all = new ArrayList<>();
        for (Received r; (r = receive(quietMs)) != null; ) {
            all.add(r);
        }
        return all;
    }

    /**
     * Sends one persistent message to {@code queue}, as a Fachverfahren would: with these string properties, and a
     * bytes body if {@code body} is not null.
     */
    public static void send(ConnectionFactory cf, String queue, Map<String, String> properties, byte[] body)
            throws JMSException {
        try (Connection c = cf.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(message(session, properties, body));
        }
    }

    /**
     * Sends messages with these string properties (and no body) to {@code queue} in one local transaction, so that
     * they all become available to the queue's consumers at the same moment.
     */
    public static void sendAtOnce(ConnectionFactory cf, String queue, List<Map<String, String>> messages)
            throws JMSException {
        inOneTransaction(cf, queue, (session, producer) -> {
            for (Map<String, String> properties : messages) {
                producer.send(message(session, properties, null));
            }
        });
    }

    /**
     * Sends {@code copies} copies of each received message to {@code queue} in one local transaction: the same body
     * and all its properties, but none of the broker's own ({@code _AMQ_*}, the duplicate id among them).
     */
    public static void copyAtOnce(ConnectionFactory cf, String queue, List<Received> received, int copies)
            throws JMSException {
        inOneTransaction(cf, queue, (session, producer) -> {
            for (Received r : received) {
                for (int i = 0; i < copies; i++) {
                    BytesMessage copy = session.createBytesMessage();
                    copy.writeBytes(r.body());
                    for (Object name : Collections.list(r.message().getPropertyNames())) {
                        if (!((String) name).startsWith("_AMQ_")) {
                            copy.setObjectProperty((String) name, r.message().getObjectProperty((String) name));
                        }
                    }
                    producer.send(copy);
                }
            }
        });
    }

    /** What one transaction sends. */
    private interface Sends {
        void send(Session session, MessageProducer producer) throws JMSException;
    }

    /** Runs {@code sends} on a transacted session with a producer for {@code queue}, then commits. */
    private static void inOneTransaction(ConnectionFactory cf, String queue, Sends sends) throws JMSException {
        try (Connection c = cf.createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            sends.send(session, session.createProducer(session.createQueue(queue)));
            session.commit();
        }
    }

    private static Message message(Session session, Map<String, String> properties, byte[] body) throws JMSException {
        Message m;
        if (body != null) {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(body);
            m = bytes;
        } else {
            m = session.createMessage();
        }
        for (var p : properties.entrySet()) {
            m.setStringProperty(p.getKey(), p.getValue());
        }
        return m;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
