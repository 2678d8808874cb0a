package de.xoevhub.intake;

import de.xoevhub.spool.Content;
import de.xoevhub.spool.Spool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies within limits, hashing them as they pass. Per body: a declared length over the limit is
 * refused before any byte is read, a chunked body as soon as it passes the limit. A body past the spool threshold
 * goes on to a spool file instead of memory, so a large submission never sits whole on the heap. For all bodies
 * held in memory at once: reading stops with 503 when they would pass the budget, so many concurrent uploads cannot
 * exhaust the heap.
 */
@Component
class BoundedBody {

    private static final int CHUNK = 65536;

    /** A body as received: in memory or in a spool file; closing it returns its memory or deletes its file. */
    final class Body implements Content, AutoCloseable {
        private final byte[] bytes;
        private final Path file;
        private final long size;
        private final String sha256;

        private Body(byte[] bytes, Path file, long size, String sha256) {
            this.bytes = bytes;
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
        }

        @Override
        public InputStream open() throws IOException {
            return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String sha256() {
            return sha256;
        }

        @Override
        public byte[] bytes() {
            return bytes != null ? bytes : Content.super.bytes();
        }

        @Override
        public boolean spooled() {
            return file != null;
        }

        /** The spool file, for readers that share it in place (multipart parts); null when in memory. */
        Path file() {
            return file;
        }

        @Override
        public void close() {
            if (file != null) {
                spool.delete(file);
            } else {
                inFlight.addAndGet(-bytes.length);
            }
        }
    }

    private final long limit;
    private final long budget;
    private final Spool spool;
    private final AtomicLong inFlight = new AtomicLong();

    BoundedBody(IntakeProperties properties, Spool spool) {
        this.limit = properties.maxBodySize().toBytes();
        this.budget = properties.maxBufferedSize().toBytes();
        this.spool = spool;
    }

    /** Reads a body (XML, CMS or multipart) up to {@code hub.intake.max-body-size}, spooling it when large. */
    Body read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        if (declaredLength > 0 && declaredLength <= spool.threshold() && inFlight.get() + declaredLength > budget) {
            // it would be held in memory and cannot fit now: turned away before a byte is read
            throw busy();
        }
        MessageDigest digest = Content.digest();
        // never trust the declared length for the allocation: headers alone must not reserve memory
        ByteArrayOutputStream memory = new ByteArrayOutputStream(
                (int) Math.min(Math.max(declaredLength, 8192), CHUNK * 16));
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        long reserved = 0;
        Path file = null;
        OutputStream spooled = null;
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (size + n > limit) {
                    throw tooLarge(limit);
                }
                size += n;
                digest.update(buffer, 0, n);
                if (spooled == null && size > spool.threshold()) {
                    file = spool.newFile("intake");
                    spooled = Files.newOutputStream(file);
                    memory.writeTo(spooled);
                    memory = null;
                    inFlight.addAndGet(-reserved);
                    reserved = 0;
                }
                if (spooled != null) {
                    spooled.write(buffer, 0, n);
                } else {
                    reserve(n);
                    reserved += n;
                    memory.write(buffer, 0, n);
                }
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (spooled != null) {
                spooled.close();
                return new Body(null, file, size, sha256);
            }
            return new Body(memory.toByteArray(), null, size, sha256);
        } catch (IOException | RuntimeException e) {
            inFlight.addAndGet(-reserved);
            if (spooled != null) {
                spooled.close();
                spool.delete(file);
            }
            throw e;
        }
    }

    private void reserve(long n) {
        if (inFlight.addAndGet(n) > budget) {
            inFlight.addAndGet(-n);
            throw busy();
        }
    }

    private static SubmissionProblem busy() {
        return new SubmissionProblem(HttpStatus.SERVICE_UNAVAILABLE, "intake-busy", "Intake busy",
                "too many large submissions are being received at once; retry later");
    }

    long inFlight() {
        return inFlight.get();
    }

    private static SubmissionProblem tooLarge(long max) {
        return new SubmissionProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Body too large",
                "the body exceeds the limit of " + max + " bytes").with("limitBytes", max);
    }
}
