package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolProperties;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Bodies whose framing would make the MIME parser hold them on the heap (a preamble that never ends, a header block
 * that never ends) are refused before it sees them, reading the body once in a small buffer.
 */
class MultipartFramingTest {

    private static final String TYPE = "multipart/mixed; boundary=b";
    private static final int SIZE = 8 * 1024 * 1024;
    /**
     * A quarter of the body, room for the first use of the classes involved: without the check the parser allocated
     * 3 to 16 times the body (28 to 135 MiB) for these bodies before refusing or accepting them.
     */
    private static final long ALLOCATION_BOUND = SIZE / 4;

    @TempDir
    Path spoolDir;

    @Test
    void aBodyOfOneLongLineWithoutTheBoundaryIsRefusedByItsPreamble() throws Exception {
        assertRefusedCheaply("x".repeat(SIZE), "multipart-malformed",
                "no delimiter line --b within the first 65536 bytes");
    }

    @Test
    void aBodyOfManyShortLinesWithoutTheBoundaryIsRefusedByItsPreamble() throws Exception {
        assertRefusedCheaply("a short line\r\n".repeat(SIZE / 14), "multipart-malformed",
                "no delimiter line --b within the first 65536 bytes");
    }

    @Test
    void aPreambleAndTransportPaddingWithinTheBoundsAreAccepted() throws Exception {
        String body = "This is a multi-part message in MIME format.\r\n" + "preamble\r\n".repeat(5_000)
                + "--b \t\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n--b\t\r\n" + "Content-Type: image/png\r\n"
                + "Content-Disposition: attachment; filename=\"a.png\"\r\n\r\nPNG\r\n--b--\r\nepilogue\r\n";
        try (BoundedBody.Body received = body(body);
             MultipartSubmission parts = MultipartSubmission.parse(received, TYPE)) {
            assertThat(parts.message().bytes()).isEqualTo("<a/>".getBytes(StandardCharsets.UTF_8));
            assertThat(parts.attachments()).singleElement().satisfies(a -> assertThat(a.filename()).isEqualTo("a.png"));
        }
    }

    @Test
    void aLineThatOnlyStartsWithTheDelimiterDoesNotEndThePreamble() throws Exception {
        // the parser compares whole lines: "--bx" and "--b --" are preamble, so the bound still applies
        assertRefusedCheaply(("--bx\r\n--b --\r\n" + "p".repeat(100) + "\r\n").repeat(SIZE / 120),
                "multipart-malformed", "no delimiter line --b within the first 65536 bytes");
    }

    @Test
    void aHeaderBlockThatNeverEndsIsRefusedNamingItsPart() throws Exception {
        assertRefusedCheaply("--b\r\n" + "X-Filler: abc\r\n".repeat(SIZE / 15), "multipart-malformed",
                "the headers of part 1 do not end with a blank line within 16384 bytes");
        String second = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n--b\r\n" + "X: y\r\n".repeat(SIZE / 6);
        assertRefusedCheaply(second, "multipart-malformed",
                "the headers of part 2 do not end with a blank line within 16384 bytes");
    }

    @Test
    void aDelimiterAfterALoneCarriageReturnStartsAPartAsItDoesForTheParser() throws Exception {
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r--b \t\r" + "X: y\n".repeat(SIZE / 5);
        assertRefusedCheaply(body, "multipart-malformed",
                "the headers of part 2 do not end with a blank line within 16384 bytes");
    }

    @Test
    void contentThatOnlyLooksLikeDelimitersStaysContent() throws Exception {
        // none of these is a delimiter to the parser; were one taken for it, the header lines after it would not end
        String content = ("\r\n--bx\r\n--b-\r\nx--b\r\n--b -\r\n" + "X: y\r\n".repeat(10)).repeat(50_000);
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n--b\r\nContent-Type: text/plain\r\n"
                + "Content-Disposition: attachment; filename=\"a.txt\"\r\n\r\n" + content + "\r\n--b--";
        try (BoundedBody.Body received = body(body);
             MultipartSubmission parts = MultipartSubmission.parse(received, TYPE)) {
            assertThat(parts.attachments()).singleElement()
                    .satisfies(a -> assertThat(a.content().size()).isEqualTo(content.length()));
        }
    }

    @Test
    void aHeaderBlockEndsOnlyWhereTheParserSeesAnEmptyLine() throws Exception {
        // CR CR LF is one line end to the parser, not a line end and an empty line: these headers never end
        assertRefusedCheaply("--b\r\n" + "X-Filler: abc\r\r\n".repeat(SIZE / 16), "multipart-malformed",
                "the headers of part 1 do not end with a blank line");
    }

    @Test
    void aHeaderLineLongerThanItsBoundIsRefused() throws Exception {
        String body = "--b\r\nContent-Type: application/xml; x=" + "a".repeat(SIZE) + "\r\n\r\n<a/>\r\n--b--\r\n";
        assertRefusedCheaply(body, "multipart-malformed", "a header line of part 1 is longer than 8192 bytes");
    }

    @Test
    void aFloodOfEmptyPartsIsRefusedAtTheFirstPartTooMany() throws Exception {
        // each part costs the parser a body part object and a stream with its own buffer
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n" + "--b\r\n\r\n\r\n".repeat(SIZE / 9);
        assertRefusedCheaply(body, "too-many-attachments", "more than 100 attachments; at most 100 are allowed");
    }

    @Test
    void aBoundaryTheParserCouldNeverMatchIsRefused() throws Exception {
        try (BoundedBody.Body received = body("--b \r\n\r\n<a/>\r\n--b --\r\n")) {
            assertThatThrownBy(() -> MultipartSubmission.parse(received, "multipart/mixed; boundary=\"b \""))
                    .isInstanceOfSatisfying(SubmissionProblem.class, p -> {
                        assertThat(p.type()).isEqualTo("multipart-malformed");
                        assertThat(p.getMessage()).contains("the boundary must not end with a space");
                    });
        }
    }

    private void assertRefusedCheaply(String body, String type, String detail) throws Exception {
        try (BoundedBody.Body received = body(body)) {
            assertThat(received.spooled()).isTrue();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            Throwable refusal = null;
            try {
                MultipartSubmission.parse(received, TYPE).close();
            } catch (Throwable t) {
                refusal = t;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(refusal).isInstanceOfSatisfying(SubmissionProblem.class, p -> {
                assertThat(p.type()).isEqualTo(type);
                assertThat(p.getMessage()).contains(detail);
            });
            assertThat(allocated).as("bytes allocated for a body of %d bytes", received.size())
                    .isLessThan(ALLOCATION_BOUND);
        }
    }

    private BoundedBody.Body body(String body) throws Exception {
        BoundedBody bodies = new BoundedBody(new IntakeProperties(null, null),
                new Spool(new SpoolProperties(spoolDir, DataSize.ofBytes(100_000))));
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return bodies.read(new ByteArrayInputStream(bytes), bytes.length);
    }
}
