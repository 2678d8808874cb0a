package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;

/**
 * Checks the tag-length-value skeleton of a DER or BER body before BouncyCastle parses it, in one iterative pass
 * and without allocating: every length fits inside its parent, indefinite lengths end with end-of-contents,
 * nesting stays shallow and the number of elements bounded, and nothing follows the outermost element. So a
 * truncated body, an indefinite-length nesting bomb ({@code 30 80 30 80 ...}) or a flood of tiny elements is
 * refused in linear time, before the recursive parser could exhaust the stack or the heap. Primitive values
 * (the encapsulated content, ciphertext) are skipped, not walked.
 */
final class BerEncoding {

    /** CMS as openssl and BouncyCastle write it nests about 15 deep (certificate extensions, signed attributes). */
    static final int MAX_DEPTH = 48;
    /** Certificates and attributes need a few thousand; BER-chunked content one per chunk (1000 bytes in BC). */
    static final int MAX_ELEMENTS = 250_000;
    private static final int INDEFINITE = -1;

    private final byte[] bytes;
    private int pos;

    private BerEncoding(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Refuses the body as {@link Reason#MALFORMED} unless it is exactly one well-formed DER/BER element. */
    static void check(byte[] bytes) {
        if (bytes.length == 0) {
            throw malformed("the body is empty");
        }
        if (bytes[0] != 0x30) {
            throw malformed(String.format("the body is not a DER-encoded CMS ContentInfo (first byte 0x%02x, expected "
                    + "0x30); send binary DER, e.g. openssl cms -outform DER", bytes[0] & 0xff));
        }
        new BerEncoding(bytes).walk();
    }

    private void walk() {
        int[] ends = new int[MAX_DEPTH];   // end offset of each open constructed element, or INDEFINITE
        int[] limits = new int[MAX_DEPTH]; // the nearest definite end around it: no child may pass it
        int depth = 0;
        int elements = 0;
        do {
            int limit = depth == 0 ? bytes.length : limits[depth - 1];
            if (depth > 0 && ends[depth - 1] == INDEFINITE && endOfContents(limit)) {
                pos += 2;
                depth--;
                continue;
            }
            if (depth > 0 && ends[depth - 1] == pos) {
                depth--;
                continue;
            }
            if (++elements > MAX_ELEMENTS) {
                throw malformed("more than " + MAX_ELEMENTS + " ASN.1 elements");
            }
            int start = pos;
            boolean constructed = (next(limit) & 0x20) != 0;
            if ((bytes[start] & 0xff) == 0) {
                throw malformed("end-of-contents outside an indefinite-length element at byte " + start);
            }
            skipTagNumber(limit, start);
            int length = length(limit, start);
            if (!constructed) {
                if (length == INDEFINITE) {
                    throw malformed("a primitive element with indefinite length at byte " + start);
                }
                pos += length;
                continue;
            }
            if (depth == MAX_DEPTH) {
                throw malformed("ASN.1 nesting deeper than " + MAX_DEPTH + " levels at byte " + start);
            }
            ends[depth] = length == INDEFINITE ? INDEFINITE : pos + length;
            limits[depth] = length == INDEFINITE ? limit : pos + length;
            depth++;
        } while (depth > 0);
        if (pos != bytes.length) {
            throw malformed((bytes.length - pos) + " bytes follow the end of the CMS structure");
        }
    }

    private boolean endOfContents(int limit) {
        return pos + 1 < limit && bytes[pos] == 0 && bytes[pos + 1] == 0;
    }

    private int next(int limit) {
        if (pos >= limit) {
            throw malformed("truncated: the body ends inside an element (at byte " + pos + " of " + bytes.length + ")");
        }
        return bytes[pos++] & 0xff;
    }

    private void skipTagNumber(int limit, int start) {
        if ((bytes[start] & 0x1f) != 0x1f) {
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

    private int length(int limit, int start) {
        int first = next(limit);
        if (first == 0x80) {
            return INDEFINITE;
        }
        int length = first;
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
            length = (int) value;
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
