package de.xoevhub.intake;

import de.xoevhub.broker.BrokerProperties;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.LargeMessages;
import de.xoevhub.tracking.Submission;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable hand-off into the pipeline: a persistent send to {@code hub.inbox} that returns only after the
 * broker has acknowledged it. The broker's duplicate detection makes a repeated send of the same submission a
 * no-op, so a resubmission may safely send again.
 *
 * <p>A send takes at most {@code hub.broker.send-timeout} (10 s): the hub connects with unlimited reconnect attempts
 * ({@code reconnectAttempts=-1}), and while both brokers are down the Artemis client holds its failover lock for the
 * whole outage, so opening a new session ({@code ClientSessionFactoryImpl.lockFailover}, not bounded by
 * {@code callFailoverTimeout}) would block the request until a broker is back. The send therefore runs on a worker
 * thread; a caller that gives up answers 503, and a send it gave up on is never made later (docs/topology.md).
 */
@Component
public class Inbox implements DisposableBean {

    public static final String ADDRESS = "hub.inbox";
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /**
     * Message property: the message group, the hub message id. The broker hands all copies of one message on
     * hub.inbox to the same consumer, one after the other, so that two copies are never passed at once
     * (docs/architecture.md, "Durability and exactly-once").
     */
    public static final String GROUP = "JMSXGroupID";
    /** Message property: the body is a submission container of this format (docs/container.md). */
    public static final String CONTAINER = "hubContainer";

    private final JmsTemplate jms;
    private final long timeoutNanos;
    private final ThreadPoolExecutor senders;

    @Autowired
    public Inbox(ConnectionFactory connectionFactory, BrokerProperties broker) {
        this(connectionFactory, broker.sendTimeout(), broker.sendThreads());
    }

    Inbox(ConnectionFactory connectionFactory, Duration timeout, int threads) {
        this.jms = new JmsTemplate(connectionFactory);
        jms.setExplicitQosEnabled(true);
        jms.setDeliveryPersistent(true);
        jms.setSessionTransacted(false);
        this.timeoutNanos = timeout.toNanos();
        AtomicInteger n = new AtomicInteger();
        // threads stuck in the client during an outage stay stuck until a broker is back: at most `threads` of them,
        // and whatever waits beyond them waits in the queue, within its caller's deadline
        this.senders = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "inbox-send-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        senders.allowCoreThreadTimeOut(true);
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }

    /**
     * Sends the submission's body: in one piece when small, streamed from its spool file as an Artemis large
     * message ({@code JMS_AMQ_InputStream}) when spooled, so it is never whole on the heap. {@code container} is the
     * container format when the body is a submission container, else null.
     */
    public void send(Submission s, Content body, String container) {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<?> sent;
        try {
            sent = senders.submit(() -> doSend(s, body, container, abandoned));
        } catch (RejectedExecutionException e) {
            throw new UncategorizedJmsException("too many sends waiting for the broker", e);
        }
        try {
            sent.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            // a send still queued behind threads stuck in the client lets go of its body now (the body's bytes are
            // already back in the memory budget once the caller closes it), not when a broker is back
            sent.cancel(false);
            throw new UncategorizedJmsException("no answer from the broker within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms", e);
        } catch (InterruptedException e) {
            abandoned.set(true);
            sent.cancel(false);
            Thread.currentThread().interrupt();
            throw new UncategorizedJmsException("interrupted while sending", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncategorizedJmsException("send failed", e.getCause());
        }
    }

    private void doSend(Submission s, Content body, String container, AtomicBoolean abandoned) {
        InputStream[] streamed = new InputStream[1];
        try {
            jms.send(ADDRESS, session -> {
                if (abandoned.get()) {
                    // the caller answered 503 while this thread waited for the broker: sending now would hand on a
                    // message the ledger records as not accepted
                    throw new JMSException("abandoned: the caller gave up waiting for the broker");
                }
                BytesMessage m = session.createBytesMessage();
                if (body.spooled()) {
                    streamed[0] = open(body);
                    m.setObjectProperty(LargeMessages.INPUT_STREAM, streamed[0]);
                } else {
                    m.writeBytes(body.bytes());
                }
                MessageProperties.write(m, s);
                if (container != null) {
                    m.setStringProperty(CONTAINER, container);
                }
                m.setStringProperty(DUPLICATE_ID, s.id() + ":inbox");
                m.setStringProperty(GROUP, s.id());
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
