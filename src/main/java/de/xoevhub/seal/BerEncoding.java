package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import de.xoevhub.spool.Content;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Checks the tag-length-value skeleton of a DER or BER body before BouncyCastle parses it, in one iterative pass
 * over a stream and without allocating per element: every length fits inside its parent, indefinite lengths end
 * with end-of-contents, nesting stays shallow and the number of elements bounded, and nothing follows the
 * outermost element. So a truncated body, an indefinite-length nesting bomb ({@code 30 80 30 80 ...}) or a flood of
 * tiny elements is refused in linear time, before the recursive parser could exhaust the stack or the heap.
 * Primitive values are skipped, not read. Outside the {@link ContentString} (which BouncyCastle streams), primitive
 * values are bounded in total too: BouncyCastle holds them in memory (certificates, attributes, RecipientInfos).
 */
final class BerEncoding {

    /** CMS as openssl and BouncyCastle write it nests about 15 deep (certificate extensions, signed attributes). */
    static final int MAX_DEPTH = 48;
    /** Certificates and attributes need a few thousand; BER-chunked content one per chunk shorter than a segment. */
    static final int MAX_ELEMENTS = 250_000;
    /** Content chunks at least this long are not counted as elements: they carry the message (1000 in BC, 4096 in openssl). */
    static final int SEGMENT = 512;
    /** The bytes of primitive values outside the content string: certificates, CRLs, attributes, RecipientInfos. */
    static final long MAX_STRUCTURE = 16L << 20;
    private static final long INDEFINITE = -1;
    private static final int CHUNK = 65536;

    private final InputStream in;
    private final long size;
    private long pos;
    private final long[] ends = new long[MAX_DEPTH];   // end offset of each open constructed element, or INDEFINITE
    private final long[] limits = new long[MAX_DEPTH]; // the nearest definite end around it: no child may pass it
    private final int[] tags = new int[MAX_DEPTH];     // first identifier octet of each open element
    private final int[] indexes = new int[MAX_DEPTH];  // its position among its parent's children
    private final int[] children = new int[MAX_DEPTH]; // children seen so far
    private final ContentString contentString = new ContentString();
    private int contentDepth = -1;                      // depth of the open constructed content string, or -1

    private BerEncoding(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Refuses the body as {@link Reason#MALFORMED} unless it is exactly one well-formed DER/BER element. */
    static void check(byte[] bytes) {
        check(new ByteArrayInputStream(bytes), bytes.length);
    }

    /** The same for content read as a stream, e.g. from a spool file. */
    static void check(Content content) {
        try (InputStream in = new BufferedInputStream(content.open(), CHUNK)) {
            check(in, content.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same for {@code size} bytes read from {@code in}. */
    static void check(InputStream in, long size) {
        if (size == 0) {
            throw malformed("the body is empty");
        }
        BerEncoding walker = new BerEncoding(in, size);
        try {
            walker.walk();
        } catch (EOFException e) {
            throw malformed("truncated: the body ends inside an element (at byte " + walker.pos + " of " + size + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void walk() throws IOException {
        int depth = 0;
        int elements = 0;
        long structure = 0;
        do {
            long limit = depth == 0 ? size : limits[depth - 1];
            if (depth > 0 && ends[depth - 1] == pos) {
                depth = close(depth);
                continue;
            }
            long start = pos;
            int tag = next(limit);
            if (depth == 0 && tag != 0x30) {
                throw malformed(String.format("the body is not a DER-encoded CMS ContentInfo (first byte 0x%02x, "
                        + "expected 0x30); send binary DER, e.g. openssl cms -outform DER", tag));
            }
            if (tag == 0) {
                if (depth > 0 && ends[depth - 1] == INDEFINITE && pos < limit && next(limit) == 0) {
                    depth = close(depth);
                    continue;
                }
                throw malformed("end-of-contents outside an indefinite-length element at byte " + start);
            }
            boolean constructed = (tag & 0x20) != 0;
            skipTagNumber(limit, start, tag);
            long length = length(limit, start);
            int index = depth == 0 ? 0 : children[depth - 1]++;
            boolean content = contentDepth >= 0 || contentString.at(depth, tag, index, tags, indexes);
            if (!content || constructed || length < SEGMENT) {
                if (++elements > MAX_ELEMENTS) {
                    throw malformed("more than " + MAX_ELEMENTS + " ASN.1 elements");
                }
            }
            if (!constructed) {
                if (length == INDEFINITE) {
                    throw malformed("a primitive element with indefinite length at byte " + start);
                }
                if (!content && (structure += length) > MAX_STRUCTURE) {
                    throw malformed("more than " + MAX_STRUCTURE + " bytes of CMS structure outside the content "
                            + "(certificates, attributes, RecipientInfos)");
                }
                value(depth, index, tag, length);
                continue;
            }
            if (depth == MAX_DEPTH) {
                throw malformed("ASN.1 nesting deeper than " + MAX_DEPTH + " levels at byte " + start);
            }
            if (content && contentDepth < 0) {
                contentDepth = depth;
            }
            ends[depth] = length == INDEFINITE ? INDEFINITE : pos + length;
            limits[depth] = length == INDEFINITE ? limit : pos + length;
            tags[depth] = tag;
            indexes[depth] = index;
            children[depth] = 0;
            depth++;
        } while (depth > 0);
        if (pos != size) {
            throw malformed((size - pos) + " bytes follow the end of the CMS structure");
        }
    }

    private int close(int depth) {
        if (contentDepth == depth - 1) {
            contentDepth = -1;
        }
        return depth - 1;
    }

    /** Reads the ContentInfo's content type; skips every other primitive value. */
    private void value(int depth, int index, int tag, long length) throws IOException {
        if (contentString.isType(depth, index, tag, length)) {
            contentString.readType(in, (int) length);
        } else {
            in.skipNBytes(length);
        }
        pos += length;
    }

    private int next(long limit) throws IOException {
        if (pos >= limit) {
            throw malformed("truncated: the body ends inside an element (at byte " + pos + " of " + size + ")");
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        pos++;
        return b;
    }

    private void skipTagNumber(long limit, long start, int tag) throws IOException {
        if ((tag & 0x1f) != 0x1f) {
            return;
        }
        for (int i = 0; ; i++) {
            if (i == 4) {
                throw malformed("a tag number over four bytes at byte " + start);
            }
            if ((next(limit) & 0x80) == 0) {
                return;
            }
        }
    }

    private long length(long limit, long start) throws IOException {
        int first = next(limit);
        if (first == 0x80) {
            return INDEFINITE;
        }
        long length = first;
        if (first > 0x80) {
            int octets = first & 0x7f;
            if (octets > 4) {
                throw malformed("a length of " + octets + " octets at byte " + start);
            }
            long value = 0;
            for (int i = 0; i < octets; i++) {
                value = (value << 8) | next(limit);
            }
            if (value > Integer.MAX_VALUE) {
                throw malformed("a length beyond 2 GiB at byte " + start);
            }
            length = value;
        }
        if (length > limit - pos) {
            throw malformed("truncated: the element at byte " + start + " declares " + length
                    + " bytes, but only " + (limit - pos) + " remain");
        }
        return length;
    }

    private static UnsealingException malformed(String detail) {
        return new UnsealingException(Reason.MALFORMED, detail);
    }
}
