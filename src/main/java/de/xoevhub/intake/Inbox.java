package de.xoevhub.intake;

import de.xoevhub.spool.Content;
import de.xoevhub.tracking.Submission;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    /** Message property: the body is a submission container of this format (docs/container.md). */
    public static final String CONTAINER = "hubContainer";
    private static final String INPUT_STREAM = "JMS_AMQ_InputStream";

    private final JmsTemplate jms;

    public Inbox(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        jms.setExplicitQosEnabled(true);
        jms.setDeliveryPersistent(true);
        jms.setSessionTransacted(false);
    }

    /**
     * Sends the submission's body: in one piece when small, streamed from its spool file as an Artemis large
     * message ({@code JMS_AMQ_InputStream}) when spooled, so it is never whole on the heap. {@code container} is the
     * container format when the body is a submission container, else null.
     */
    public void send(Submission s, Content body, String container) {
        InputStream[] streamed = new InputStream[1];
        try {
            jms.send(ADDRESS, session -> {
                BytesMessage m = session.createBytesMessage();
                if (body.spooled()) {
                    streamed[0] = open(body);
                    m.setObjectProperty(INPUT_STREAM, streamed[0]);
                } else {
                    m.writeBytes(body.bytes());
                }
                MessageProperties.write(m, s);
                if (container != null) {
                    m.setStringProperty(CONTAINER, container);
                }
                m.setStringProperty(DUPLICATE_ID, s.id() + ":inbox");
                return m;
            });
        } finally {
            close(streamed[0]);
        }
    }

    private static InputStream open(Content body) {
        try {
            return body.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a read-only spool file
            }
        }
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
