package de.xoevhub.intake;

import de.xoevhub.tracking.Submission;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable hand-off into the pipeline: a persistent send to {@code hub.inbox} that returns only after the
 * broker has acknowledged it. The broker's duplicate detection makes a repeated send of the same submission a
 * no-op, so a resubmission may safely send again.
 */
@Component
public class Inbox {

    public static final String ADDRESS = "hub.inbox";
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final JmsTemplate jms;

    public Inbox(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        jms.setExplicitQosEnabled(true);
        jms.setDeliveryPersistent(true);
        jms.setSessionTransacted(false);
    }

    public void send(Submission s, byte[] body) {
        jms.send(ADDRESS, session -> {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            MessageProperties.write(m, s);
            m.setStringProperty(DUPLICATE_ID, s.id() + ":inbox");
            return m;
        });
    }

    /** The message properties every pipeline message carries; names are legal over JMS and AMQP alike. */
    static final class MessageProperties {
        private MessageProperties() {
        }

        static void write(Message m, Submission s) throws JMSException {
            set(m, "hubMessageId", s.id());
            set(m, "tenant", s.tenant());
            set(m, "portal", s.portal());
            set(m, "standard", s.standard());
            set(m, "version", s.version());
            set(m, "nachrichtentyp", s.nachrichtentyp());
            set(m, "nachrichtenUUID", s.nachrichtenUUID());
            set(m, "autor", s.autor());
            set(m, "leser", s.leser());
            set(m, "sha256", s.sha256());
            m.setBooleanProperty("test", s.test());
        }

        private static void set(Message m, String name, String value) throws JMSException {
            if (value != null) {
                m.setStringProperty(name, value);
            }
        }
    }
}
