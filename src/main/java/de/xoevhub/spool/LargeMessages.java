package de.xoevhub.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.component.jms.MessageCreatedStrategy;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Artemis large messages in Camel routes without holding them on the heap. A consumed large message is saved to a
 * spool file ({@code JMS_AMQ_SaveStream}) instead of read into a byte array; a send streams spooled content from
 * its file ({@code JMS_AMQ_InputStream}, registered as the JMS component's {@link MessageCreatedStrategy}). Spool
 * files and streams live as long as the exchange.
 */
@Component("largeMessages")
public class LargeMessages implements Processor, MessageCreatedStrategy {

    /** Exchange property: the body of the consumed message, set by {@link #process} as the route's first step. */
    public static final String RECEIVED = "hubReceived";
    /** Exchange property: the content the next JMS send of this exchange streams from its spool file. */
    public static final String STREAMED = "hubStreamed";
    /** Artemis: a consumed large message writes its body to this OutputStream (blocking until done). */
    public static final String SAVE_STREAM = "JMS_AMQ_SaveStream";
    /** Artemis: a message to send takes its body from this InputStream, as a large message. */
    public static final String INPUT_STREAM = "JMS_AMQ_InputStream";
    private static final String LARGE_SIZE = "_AMQ_LARGE_SIZE";
    private static final byte[] EMPTY = new byte[0];

    private final Spool spool;

    public LargeMessages(Spool spool) {
        this.spool = spool;
    }

    /**
     * A route's first step: takes the consumed message's body as {@link #RECEIVED}. It must be a processor, not a
     * bean method: Camel's bean binding reads the body before it calls the method.
     */
    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RECEIVED, receive(exchange));
    }

    /**
     * The body of the JMS message the exchange was consumed from. An Artemis large message past the spool threshold
     * is saved to a spool file (deleted when the exchange completes) and Camel's body emptied, so nothing reads it
     * into memory later; any other message is taken as bytes. Camel's stream caching must be off
     * ({@code camel.main.stream-caching-enabled}): it reads every body into memory before the first step.
     */
    private Content receive(Exchange exchange) {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        Message jms = in == null ? null : in.getJmsMessage();
        if (!(jms instanceof ActiveMQMessage artemis) || !artemis.getCoreMessage().isLargeMessage()
                || largeSize(artemis) <= spool.threshold()) {
            return Content.of(exchange.getMessage().getBody(byte[].class));
        }
        Path file = newFile(exchange, "pipeline");
        try (OutputStream out = Files.newOutputStream(file)) {
            jms.setObjectProperty(SAVE_STREAM, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMSException e) {
            throw new IllegalStateException("large message could not be saved to the spool: " + e.getMessage(), e);
        }
        exchange.getMessage().setBody(EMPTY);
        return Content.of(file);
    }

    /** Makes content the body of the exchange's next JMS send: bytes when in memory, streamed when spooled. */
    public void send(Exchange exchange, Content content) {
        if (content.spooled()) {
            exchange.setProperty(STREAMED, content);
            exchange.getMessage().setBody(EMPTY);
        } else {
            exchange.removeProperty(STREAMED);
            exchange.getMessage().setBody(content.bytes());
        }
    }

    /** A spool output that lives as long as the exchange: a file when {@code input} is spooled, else memory. */
    public SpoolOutput output(Exchange exchange, Content input, String purpose) {
        SpoolOutput output = spool.output(purpose, input.spooled() ? Long.MAX_VALUE : input.size());
        whenDone(exchange, output);
        return output;
    }

    private Path newFile(Exchange exchange, String purpose) {
        Path file = spool.newFile(purpose);
        whenDone(exchange, () -> spool.delete(file));
        return file;
    }

    /** Closes {@code resource} when the exchange is done, committed or rolled back. */
    private static void whenDone(Exchange exchange, AutoCloseable resource) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // a spool file or read-only stream: nothing to recover
                }
            }
        });
    }

    private static long largeSize(ActiveMQMessage m) {
        Long size = m.getCoreMessage().getLongProperty(LARGE_SIZE);
        return size == null ? Long.MAX_VALUE : size;
    }

    @Override
    public void onMessageCreated(Message message, Session session, Exchange exchange, Throwable cause) {
        Content streamed = exchange.getProperty(STREAMED, Content.class);
        if (streamed == null || cause != null) {
            return;
        }
        try {
            InputStream in = streamed.open();
            whenDone(exchange, in);
            message.setObjectProperty(INPUT_STREAM, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMSException e) {
            throw new IllegalStateException("large message could not be streamed: " + e.getMessage(), e);
        }
    }
}
