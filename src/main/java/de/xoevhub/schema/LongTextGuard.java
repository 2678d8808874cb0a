package de.xoevhub.schema;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the bytes of a document on their way to the XSD validator and stops the read with {@link Found} once more
 * than {@code longest} bytes follow a start tag before the next one, or once the runs longer than {@code longRun}
 * add up to more than {@code longRuns}. A run is an upper bound of the text the validator would collect for one
 * element (it starts collecting anew at every start tag), so a document that passes never made it buffer more.
 * Comments, CDATA sections and processing instructions are followed, so that a "&lt;" inside them is not taken for a
 * tag. Bytes are read as ASCII: in a UTF-16 document no start tag is recognised, and it stops at the limit, which is
 * safe.
 */
final class LongTextGuard extends FilterInputStream {

    /** Thrown when the limit is passed; the caller validates the document another way. */
    static final class Found extends IOException {
        Found() {
            super("a text run longer than the fast path allows", null);
        }
    }

    private static final int TEXT = 0;
    private static final int LESS_THAN = 1;
    private static final int BANG = 2;
    private static final int COMMENT = 3;
    private static final int CDATA = 4;
    private static final int INSTRUCTION = 5;

    private final long longest;
    private final long longRun;
    private final long longRuns;
    private long longTotal;
    private boolean tooLong;
    private long position;
    private long lastStartTag;
    private int state = TEXT;
    private byte previous;
    private byte beforePrevious;
    private final byte[] one = new byte[1];

    LongTextGuard(InputStream in, long longest, long longRun, long longRuns) {
        super(in);
        this.longest = longest;
        this.longRun = longRun;
        this.longRuns = longRuns;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            scan(b, off, off + n);
            long run = position - lastStartTag;
            if (tooLong || run > longest || longTotal + (run > longRun ? run : 0) > longRuns) {
                throw new Found();
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)]);
    }

    /** A run ends at a start tag; it may have been too long even if it ended within the bytes just read. */
    private void startTag(long at) {
        long run = at - lastStartTag;
        if (run > longRun) {
            longTotal += run;
        }
        tooLong |= run > longest;
        lastStartTag = at;
    }

    private void scan(byte[] b, int from, int to) {
        long base = position - from;
        int i = from;
        while (i < to) {
            byte c = b[i];
            switch (state) {
                case TEXT -> {
                    // the hot loop: most bytes are text or inside tags
                    while (i < to && b[i] != '<') {
                        i++;
                    }
                    if (i < to) {
                        state = LESS_THAN;
                        i++;
                    }
                    continue;
                }
                case LESS_THAN -> {
                    if (c == '!') {
                        state = BANG;
                    } else if (c == '?') {
                        state = INSTRUCTION;
                    } else {
                        if (c != '/') {
                            // a start tag (or not well-formed, which the parser reports)
                            startTag(base + i);
                        }
                        state = TEXT;
                    }
                }
                case BANG -> state = c == '-' ? COMMENT : c == '[' ? CDATA : TEXT;
                case COMMENT -> state = c == '>' && previous == '-' && beforePrevious == '-' ? TEXT : COMMENT;
                case CDATA -> state = c == '>' && previous == ']' && beforePrevious == ']' ? TEXT : CDATA;
                case INSTRUCTION -> state = c == '>' && previous == '?' ? TEXT : INSTRUCTION;
                default -> throw new IllegalStateException();
            }
            beforePrevious = previous;
            previous = c;
            i++;
        }
        position = base + to;
    }
}
