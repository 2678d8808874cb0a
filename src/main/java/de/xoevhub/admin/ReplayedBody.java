package de.xoevhub.admin;

import de.xoevhub.spool.LargeMessages;
import de.xoevhub.spool.Spool;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * The body of a parked message as its replay sends it on, never whole on the heap: an Artemis large message (a body
 * past the broker's large-message size, e.g. anything the intake spooled) is saved to a spool file
 * ({@code JMS_AMQ_SaveStream}) and the copy streams from that file ({@code JMS_AMQ_InputStream}), as the pipeline
 * does with its large messages ({@link LargeMessages}); a body small enough to arrive in one piece is copied as
 * bytes. Closing it closes the stream and deletes the spool file.
 */
final class ReplayedBody implements AutoCloseable {

    private final Spool spool;
    private final Path file;
    private final byte[] bytes;
    private InputStream streamed;

    private ReplayedBody(Spool spool, Path file, byte[] bytes) {
        this.spool = spool;
        this.file = file;
        this.bytes = bytes;
    }

    /** Takes the body of a received message: to a spool file when it is a large message, else into memory. */
    static ReplayedBody of(BytesMessage parked, Spool spool) throws JMSException {
        if (parked instanceof ActiveMQMessage artemis && artemis.getCoreMessage().isLargeMessage()) {
            Path file = spool.newFile("replay");
            boolean saved = false;
            try (OutputStream out = Files.newOutputStream(file)) {
                // blocks until the whole body is in the file
                parked.setObjectProperty(LargeMessages.SAVE_STREAM, out);
                saved = true;
            } catch (IOException e) {
                throw new UncheckedIOException("the parked message could not be saved to the spool", e);
            } finally {
                if (!saved) {
                    spool.delete(file);
                }
            }
            return new ReplayedBody(spool, file, null);
        }
        // not a large message: the client already holds it whole, and it is below the broker's large-message size
        byte[] body = new byte[(int) parked.getBodyLength()];
        parked.readBytes(body);
        return new ReplayedBody(spool, null, body);
    }

    /** Makes this body the body of {@code copy}, to be sent before this is closed. */
    void writeTo(BytesMessage copy) throws JMSException {
        if (file == null) {
            copy.writeBytes(bytes);
            return;
        }
        try {
            streamed = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the spooled body of the parked message could not be read", e);
        }
        copy.setObjectProperty(LargeMessages.INPUT_STREAM, streamed);
    }

    @Override
    public void close() {
        if (streamed != null) {
            try {
                streamed.close();
            } catch (IOException ignored) {
                // a read-only spool file
            }
        }
        if (file != null) {
            spool.delete(file);
        }
    }
}
