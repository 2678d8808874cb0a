package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.container.Attachment;
import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class MultipartSubmissionTest {

    private static final String TYPE = "multipart/mixed; boundary=b";

    @TempDir
    Path spoolDir;

    @Test
    void splitsTheMessageFromItsAttachmentsReadingSpooledPartsInPlace() throws Exception {
        byte[] big = new byte[200_000];
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=\"x.pdf\"\r\n\r\n" + new String(big, StandardCharsets.ISO_8859_1)
                + "\r\n--b--\r\n";
        try (BoundedBody.Body received = body(body, 100_000)) {
            assertThat(received.spooled()).isTrue();
            MultipartSubmission parts = MultipartSubmission.parse(received, TYPE);
            assertThat(parts.message().bytes()).isEqualTo("<a/>".getBytes(StandardCharsets.UTF_8));
            assertThat(parts.attachments()).singleElement().satisfies(a -> {
                assertThat(a.filename()).isEqualTo("x.pdf");
                assertThat(a.mediaType()).isEqualTo("application/pdf");
                assertThat(a.content().size()).isEqualTo(big.length);
            });
        }
    }

    @Test
    void closingTheSubmissionClosesTheSpoolFileThePartsAreReadFrom() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd here");
        try (BoundedBody.Body received = body(spooledWith("a.png", "b.png"), 100_000)) {
            Path spooled = received.file().toRealPath();
            MultipartSubmission parts = MultipartSubmission.parse(received, TYPE);
            for (var a : parts.attachments()) {
                a.content().sha256();
            }
            assertThat(openOn(spooled)).as("the parser's streams of the spool file").isPositive();

            parts.close();

            assertThat(openOn(spooled)).as("left open after close").isZero();
        }
    }

    @Test
    void aRefusedBodyLeavesNoStreamOfItsSpoolFileOpen() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd here");
        try (BoundedBody.Body received = body(spooledWith("a.png", "a.png"), 100_000)) {
            Path spooled = received.file().toRealPath();
            assertThatThrownBy(() -> MultipartSubmission.parse(received, TYPE)).isInstanceOf(SubmissionProblem.class);
            assertThat(openOn(spooled)).isZero();
        }
    }

    /** A message, small attachments of these names, and a 200 KB one, to be spooled. */
    private static String spooledWith(String... names) {
        StringBuilder body = new StringBuilder("--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n");
        for (String name : names) {
            body.append(part(name));
        }
        return body.append("--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; ")
                .append("filename=\"c.pdf\"\r\n\r\n").append("x".repeat(200_000)).append("\r\n--b--\r\n").toString();
    }

    /** How many of this process's file descriptors are open on {@code file}. */
    private static long openOn(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile, or the listing's own descriptor
                }
            }).count();
        }
    }

    @Test
    void refusesAttachmentsWithoutNameWithTheSameNameOrTooMany() throws Exception {
        String unnamed = "--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--b\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n";
        assertRefused(unnamed, "attachment-name-refused", "no file name");
        String twice = "--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n" + part("a.png") + part("a.png") + "--b--\r\n";
        assertRefused(twice, "attachment-name-refused", "two attachments are named a.png");
        String inAnyCase = "--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n" + part("Plan.png") + part("plan.PNG")
                + "--b--\r\n";
        assertRefused(inAnyCase, "attachment-name-refused", "two attachments are named plan.PNG");
        StringBuilder many = new StringBuilder("--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n");
        for (int i = 0; i <= MultipartSubmission.MAX_ATTACHMENTS; i++) {
            many.append(part("f" + i + ".png"));
        }
        assertRefused(many.append("--b--\r\n").toString(), "too-many-attachments", "at most 100");
        String nested = "--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--b\r\nContent-Type: multipart/mixed; boundary=c\r\n"
                + "Content-Disposition: attachment; filename=\"n\"\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n";
        assertRefused(nested, "multipart-malformed", "itself a multipart");
    }

    @Test
    void attachmentNamesSentAsUtf8OrRfc2231EncodedArriveUnchanged() throws Exception {
        // as browsers and curl -F send them (RFC 7578): the name's raw UTF-8 bytes in the header
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n" + part("Straße.pdf")
                + part("Bauplän.pdf") + "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; "
                + "filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.png\r\n\r\nPNG\r\n--b--\r\n";
        try (BoundedBody.Body received = body(body.getBytes(StandardCharsets.UTF_8), 1_000_000);
             MultipartSubmission parts = MultipartSubmission.parse(received, TYPE)) {
            assertThat(parts.attachments()).extracting(Attachment::filename)
                    .containsExactly("Straße.pdf", "Bauplän.pdf", "Grüße €.png");
        }
    }

    @Test
    void namesWithACharacterXmlOrWindowsDoesNotAllowAreRefused() throws Exception {
        String start = "--b\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n";
        String nonCharacter = start + "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; "
                + "filename*=UTF-8''%EF%BF%BEx.pdf\r\n\r\nPNG\r\n--b--\r\n";
        assertRefused(nonCharacter, "attachment-name-refused", "attachment 1: the file name contains U+FFFE");
        assertRefused(start + part("Plan:v2.pdf") + "--b--\r\n", "attachment-name-refused",
                "attachment 1: the file name contains ':', which Windows does not allow");
    }

    @Test
    void aNameWhoseBytesAreNotUtf8IsReadAsIso88591() throws Exception {
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n" + part("Bauplän.pdf") + "--b--\r\n";
        try (BoundedBody.Body received = body(body.getBytes(StandardCharsets.ISO_8859_1), 1_000_000);
             MultipartSubmission parts = MultipartSubmission.parse(received, TYPE)) {
            assertThat(parts.attachments()).extracting(Attachment::filename).containsExactly("Bauplän.pdf");
        }
    }

    private static String part(String name) {
        return "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n\r\nPNG\r\n";
    }

    private void assertRefused(String body, String type, String detail) throws Exception {
        try (BoundedBody.Body received = body(body, 1_000_000)) {
            assertThatThrownBy(() -> MultipartSubmission.parse(received, TYPE))
                    .isInstanceOfSatisfying(SubmissionProblem.class, p -> {
                        assertThat(p.type()).isEqualTo(type);
                        assertThat(p.getMessage()).contains(detail);
                    });
        }
    }

    private BoundedBody.Body body(String body, long threshold) throws Exception {
        return body(body.getBytes(StandardCharsets.ISO_8859_1), threshold);
    }

    private BoundedBody.Body body(byte[] bytes, long threshold) throws Exception {
        BoundedBody bodies = new BoundedBody(new IntakeProperties(null, null),
                new Spool(new SpoolProperties(spoolDir, DataSize.ofBytes(threshold))));
        return bodies.read(new ByteArrayInputStream(bytes), bytes.length);
    }
}
