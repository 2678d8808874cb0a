package de.xoevhub.seal;

import de.xoevhub.spool.Content;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1InputStream;

/**
 * One CMS layer read as a stream for BouncyCastle's parsers, and its content written out as it is read. The
 * parsers take their ASN.1 length limit from the stream they are given; by default that is the JVM's maximum heap,
 * which would refuse a definite-length content larger than the heap. So the layer's own size is the limit, as when
 * it was parsed from memory; {@link BerEncoding} has checked every length against it already.
 */
final class CmsStream {

    private static final int BUFFER = 65536;

    private CmsStream() {
    }

    /** A stream over the layer whose ASN.1 limit BouncyCastle reads (it finds it on an {@link ASN1InputStream}). */
    static InputStream open(Content layer) throws IOException {
        int limit = (int) Math.min(layer.size(), Integer.MAX_VALUE);
        return new ASN1InputStream(new BufferedInputStream(layer.open(), BUFFER), limit);
    }

    /**
     * Copies a layer's content to {@code out} and closes it. A failure to read is the content's (an
     * {@link IOException}, e.g. a GCM tag that does not match); a failure to write is the spool's, unchecked.
     */
    static void copy(InputStream content, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try {
            for (int n; (n = content.read(buffer)) != -1; ) {
                write(out, buffer, n);
            }
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(OutputStream out, byte[] buffer, int n) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
