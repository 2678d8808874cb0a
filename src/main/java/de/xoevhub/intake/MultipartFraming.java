package de.xoevhub.intake;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing of a multipart body, checked in one streaming pass before the MIME parser sees it.
 *
 * <p>Why: jakarta.mail's {@code MimeMultipart} reads the preamble line by line into a growing buffer and keeps it,
 * and reads each part's header block line by line, keeping every line, with no limit. A body of 8 MiB that never
 * holds the delimiter line, or a part whose headers never end, made it allocate 28 to 135 MiB before any refusal,
 * outside the intake's memory budget: a few such requests of 64 MiB at once could exhaust the heap. Every part also
 * costs it a body part and a buffered stream, so a flood of empty parts cost heap and minutes before the attachment
 * count was checked. This check reads the body once through one small
 * buffer, finds the lines and delimiters where the parser would, and refuses a body whose preamble, header blocks or
 * header lines pass their bounds, or with more parts than allowed. It checks framing only; the parser still decides
 * everything else.
 *
 * <p>Where the parser finds lines and delimiters (read from angus-mail 2.0 and jakarta.mail-api 2.1): a line ends
 * with LF, CR LF, CR CR LF or a lone CR. The preamble ends at the first line that is {@code --boundary} once
 * trailing blanks are cut off ({@code --boundary--} there ends the body). A header block ends at the first empty
 * line. In a part's content a delimiter is {@code --boundary} at the start of the content or right after a CR or
 * LF, followed by {@code --} (the last one) or by blanks and a line end; the bytes after the last one are never read.
 */
final class MultipartFraming {

    /**
     * Bytes up to the end of the first delimiter line. RFC 2046 (5.1.1) sets no length for the preamble and tells
     * readers to ignore it; it exists for a note to readers that cannot read MIME, one line in practice. A portal
     * has no reason to send more than a few lines of it.
     */
    static final int MAX_PREAMBLE = 64 * 1024;
    /**
     * Bytes of one part's header block, with its line ends and the empty line that ends it. A part needs a few
     * hundred bytes (Content-Type, Content-Disposition with a file name of at most 200 characters, even
     * percent-encoded). With at most 101 parts the parser reads at most 1.6 MiB of headers per request.
     */
    static final int MAX_HEADERS = 16 * 1024;
    /**
     * Bytes of one header line (a folded header is several lines). RFC 5322 allows 998 characters per line; this is
     * the size of the whole HTTP header section Tomcat accepts by default.
     */
    static final int MAX_HEADER_LINE = 8 * 1024;

    private static final int BUFFER = 16 * 1024;
    private static final int NO_MATCH = -1;
    // how a line goes on after the delimiter's bytes, as offsets past the delimiter's length
    private static final int DELIMITER = 0;
    private static final int ONE_DASH = 1;
    private static final int CLOSE = 2;
    private static final int DELIMITER_BLANKS = 3;
    private static final int CLOSE_BLANKS = 4;

    private enum Line { EMPTY, DELIMITER, CLOSE, OTHER, END, LINE_TOO_LONG, BLOCK_TOO_LONG }

    private final String boundary;
    private final byte[] delimiter;
    private final int maxParts;

    /** The framing by the boundary of {@code contentType}; a boundary the parser could not use is refused. */
    MultipartFraming(String contentType, int maxParts) {
        String boundary;
        try {
            boundary = new ContentType(contentType).getParameter("boundary");
        } catch (ParseException e) {
            throw MultipartSubmission.malformed("the Content-Type cannot be read: " + e.getMessage());
        }
        if (boundary == null || boundary.isEmpty()) {
            throw MultipartSubmission.malformed("the Content-Type has no boundary");
        }
        for (int i = 0; i < boundary.length(); i++) {
            if (boundary.charAt(i) < ' ' || boundary.charAt(i) > '~') {
                throw MultipartSubmission.malformed("the boundary must be printable ASCII (RFC 2046)");
            }
        }
        if (boundary.endsWith(" ")) {
            // the parser cuts trailing blanks off a line before comparing it: it could never find this delimiter
            throw MultipartSubmission.malformed("the boundary must not end with a space (RFC 2046)");
        }
        this.boundary = boundary;
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.maxParts = maxParts;
    }

    /** Reads the body to its last delimiter (or its end), refusing it at the first bound it passes. */
    void check(InputStream body) throws IOException {
        Reader in = new Reader(body);
        if (!preamble(in)) {
            return; // no delimiter at all, or only the last one: the parser refuses that itself
        }
        for (int part = 1; headers(in, part); part++) {
            if (part > maxParts) {
                throw MultipartSubmission.tooManyAttachments("more than " + (maxParts - 1));
            }
            if (!content(in)) {
                return;
            }
        }
    }

    /** Reads through the first delimiter line; false when the body ends, or closes, before one. */
    private boolean preamble(Reader in) throws IOException {
        for (;;) {
            switch (line(in, MAX_PREAMBLE, MAX_PREAMBLE)) {
                case DELIMITER:
                    return true;
                case CLOSE, END:
                    return false;
                case LINE_TOO_LONG, BLOCK_TOO_LONG:
                    throw MultipartSubmission.malformed("no delimiter line --" + shown(boundary) + " within the first "
                            + MAX_PREAMBLE + " bytes (the preamble is limited)");
                default:
                    break;
            }
        }
    }

    /** Reads a part's header block through its empty line; false when the body ends first. */
    private boolean headers(Reader in, int part) throws IOException {
        long end = in.position() + MAX_HEADERS;
        for (;;) {
            switch (line(in, end, MAX_HEADER_LINE)) {
                case EMPTY:
                    return true;
                case END:
                    return false; // the parser drops a part whose headers do not end
                case LINE_TOO_LONG:
                    throw MultipartSubmission.malformed("a header line of part " + part + " is longer than "
                            + MAX_HEADER_LINE + " bytes");
                case BLOCK_TOO_LONG:
                    throw MultipartSubmission.malformed("the headers of part " + part
                            + " do not end with a blank line within " + MAX_HEADERS + " bytes");
                default:
                    break;
            }
        }
    }

    /** Reads a part's content through the next delimiter; true when another part follows it. */
    private boolean content(Reader in) throws IOException {
        for (;;) {
            // here a line starts: at the content's start, or after a CR or an LF
            if (delimiterAt(in)) {
                int c = in.peek(0);
                if (c == '-') {
                    in.read();
                    if (in.peek(0) == '-') {
                        return false; // the last delimiter; the parser reads nothing after it
                    }
                } else {
                    while (c == ' ' || c == '\t') {
                        in.read();
                        c = in.peek(0);
                    }
                    if (c == '\n' || c == '\r') {
                        in.read();
                        if (c == '\r' && in.peek(0) == '\n') {
                            in.read();
                        }
                        return true;
                    }
                }
                // not a delimiter after all: what follows it is content
            }
            if (!in.skipPastLineEnd()) {
                return false;
            }
        }
    }

    /** Consumes the delimiter's bytes where they come next; on a mismatch, the bytes matched until then. */
    private boolean delimiterAt(Reader in) throws IOException {
        for (byte b : delimiter) {
            if (in.peek(0) != (b & 0xFF)) {
                return false;
            }
            in.read();
        }
        return true;
    }

    /**
     * Reads one line as the parser's line reader does, with its line end, and tells what the parser takes it for.
     * Stops as soon as the line passes {@code maxLength} bytes or the reading passes position {@code end}.
     */
    private Line line(Reader in, long end, int maxLength) throws IOException {
        int length = 0;
        int match = 0;
        for (;;) {
            int c = in.read();
            if (c == -1 && length == 0) {
                return Line.END;
            }
            if (c == '\r') {
                if (in.peek(0) == '\n') {
                    in.read();
                } else if (in.peek(0) == '\r' && in.peek(1) == '\n') {
                    in.read();
                    in.read();
                }
            }
            if (in.position() > end) {
                return Line.BLOCK_TOO_LONG;
            }
            if (c == -1 || c == '\r' || c == '\n') {
                return length == 0 ? Line.EMPTY : kind(match);
            }
            if (++length > maxLength) {
                return Line.LINE_TOO_LONG;
            }
            match = match(match, c);
        }
    }

    /**
     * The next state of matching a line against {@code --boundary} or {@code --boundary--}, blanks after either
     * allowed: below the delimiter's length, the bytes of it matched so far; from there, what came after it.
     */
    private int match(int state, int c) {
        if (state == NO_MATCH) {
            return NO_MATCH;
        }
        int d = delimiter.length;
        if (state < d) {
            return c == delimiter[state] ? state + 1 : NO_MATCH;
        }
        boolean blank = c == ' ' || c == '\t';
        return switch (state - d) {
            case DELIMITER -> c == '-' ? d + ONE_DASH : blank ? d + DELIMITER_BLANKS : NO_MATCH;
            case ONE_DASH -> c == '-' ? d + CLOSE : NO_MATCH;
            case CLOSE, CLOSE_BLANKS -> blank ? d + CLOSE_BLANKS : NO_MATCH;
            case DELIMITER_BLANKS -> blank ? d + DELIMITER_BLANKS : NO_MATCH;
            default -> NO_MATCH;
        };
    }

    private Line kind(int match) {
        if (match < delimiter.length) {
            return Line.OTHER; // NO_MATCH, or only a part of the delimiter
        }
        int after = match - delimiter.length;
        return after == DELIMITER || after == DELIMITER_BLANKS ? Line.DELIMITER
                : after == CLOSE || after == CLOSE_BLANKS ? Line.CLOSE : Line.OTHER;
    }

    private static String shown(String boundary) {
        return boundary.length() <= 70 ? boundary : boundary.substring(0, 70) + "…";
    }

    /** The body through one small buffer, with two bytes of look-ahead and the count of bytes consumed. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private int end;
        private long position;

        Reader(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        int read() throws IOException {
            if (pos == end && !fill(1)) {
                return -1;
            }
            position++;
            return buffer[pos++] & 0xFF;
        }

        /** The byte {@code ahead} (0 or 1) past the next one, unconsumed; -1 past the end. */
        int peek(int ahead) throws IOException {
            if (end - pos <= ahead && !fill(ahead + 1)) {
                return -1;
            }
            return buffer[pos + ahead] & 0xFF;
        }

        /** Consumes through the next CR or LF; false when the body ends first. */
        boolean skipPastLineEnd() throws IOException {
            for (;;) {
                for (int i = pos; i < end; i++) {
                    if (buffer[i] == '\n' || buffer[i] == '\r') {
                        position += i + 1 - pos;
                        pos = i + 1;
                        return true;
                    }
                }
                position += end - pos;
                pos = end;
                if (!fill(1)) {
                    return false;
                }
            }
        }

        /** Makes at least {@code wanted} bytes available; false when the body ends first. */
        private boolean fill(int wanted) throws IOException {
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
            while (end < wanted) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n == -1) {
                    return false;
                }
                end += n;
            }
            return true;
        }
    }
}
