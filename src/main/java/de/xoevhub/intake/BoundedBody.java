package de.xoevhub.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies within two limits. Per body: a declared length over the limit is refused before any byte
 * is read, a chunked body as soon as it passes the limit. For all bodies held at once: reading stops with 503 when
 * the bytes buffered by concurrent requests would pass the budget, so many large uploads cannot exhaust the heap.
 */
@Component
class BoundedBody {

    private static final int CHUNK = 65536;

    /** A body read into memory; closing it returns its bytes to the budget. */
    final class Body implements AutoCloseable {
        private final byte[] bytes;

        private Body(byte[] bytes) {
            this.bytes = bytes;
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            inFlight.addAndGet(-bytes.length);
        }
    }

    private final long limit;
    private final long budget;
    private final AtomicLong inFlight = new AtomicLong();

    BoundedBody(IntakeProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
        this.budget = properties.maxBufferedSize().toBytes();
    }

    Body read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge();
        }
        // never trust the declared length for the allocation: headers alone must not reserve memory
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 8192), CHUNK * 16));
        byte[] buffer = new byte[CHUNK];
        long reserved = 0;
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (out.size() + n > limit) {
                    throw tooLarge();
                }
                reserve(n);
                reserved += n;
                out.write(buffer, 0, n);
            }
            return new Body(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            inFlight.addAndGet(-reserved);
            throw e;
        }
    }

    private void reserve(long n) {
        if (inFlight.addAndGet(n) > budget) {
            inFlight.addAndGet(-n);
            throw new SubmissionProblem(HttpStatus.SERVICE_UNAVAILABLE, "intake-busy", "Intake busy",
                    "too many large submissions are being received at once; retry later");
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    private SubmissionProblem tooLarge() {
        return new SubmissionProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Body too large",
                "the body exceeds the limit of " + limit + " bytes").with("limitBytes", limit);
    }
}
