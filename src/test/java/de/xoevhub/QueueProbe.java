package de.xoevhub;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;

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

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
