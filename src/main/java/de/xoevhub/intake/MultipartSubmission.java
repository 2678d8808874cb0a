package de.xoevhub.intake;

import de.xoevhub.container.Attachment;
import de.xoevhub.spool.Content;
import jakarta.activation.DataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * A submission with attachments, posted as {@code multipart/mixed} (or {@code multipart/form-data},
 * {@code multipart/related}): the first part is the XÖV message (an XML media type), every further part an
 * attachment with a file name in its Content-Disposition, sent as UTF-8 or RFC 2231-encoded ({@link Utf8Multipart}).
 * The parts are read in place from the received body (its spool file, or memory), never copied into memory as a
 * whole.
 */
record MultipartSubmission(Content message, List<Attachment> attachments, Source source) implements AutoCloseable {

    static final int MAX_ATTACHMENTS = 100;

    /**
     * Splits the body; a body that is not a usable multipart gets 400, a refused attachment name 422. The parts read
     * the body in place until {@link #close}.
     */
    static MultipartSubmission parse(BoundedBody.Body body, String contentType) {
        Source source = new Source(body, contentType, new ArrayList<>());
        try {
            return parse(source);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Closes what the parser left open of the body: a spool file stays open (and on disk) until then. */
    @Override
    public void close() {
        source.close();
    }

    private static MultipartSubmission parse(Source source) {
        checkFraming(source);
        try {
            MimeMultipart multipart = new Utf8Multipart(source);
            int count = multipart.getCount();
            if (count == 0) {
                throw malformed("the multipart body has no parts");
            }
            if (count - 1 > MAX_ATTACHMENTS) {
                throw tooManyAttachments(String.valueOf(count - 1));
            }
            BodyPart first = multipart.getBodyPart(0);
            if (!xml(baseType(first))) {
                throw malformed("the first part must be the XÖV message with an XML media type, not "
                        + baseType(first));
            }
            List<Attachment> attachments = new ArrayList<>(count - 1);
            Set<String> names = new HashSet<>();
            for (int i = 1; i < count; i++) {
                BodyPart part = multipart.getBodyPart(i);
                String type = baseType(part);
                if (type.startsWith("multipart/")) {
                    throw malformed("part " + (i + 1) + " is itself a multipart; attachments are single files");
                }
                String filename = part.getFileName();
                String refusal = filename == null ? "attachment " + i + " has no file name (Content-Disposition "
                        + "filename)" : new IntakeFileName(filename).attachmentRefusal();
                // in any case: a DMS or an unpacked container on a case-insensitive file system would keep only one
                if (refusal == null && !names.add(filename.toLowerCase(Locale.ROOT))) {
                    refusal = "two attachments are named " + filename + " (names are compared in any case)";
                }
                if (refusal != null) {
                    throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "attachment-name-refused",
                            "Attachment name refused", refusal.replace("the file", "attachment " + i + ": the file"));
                }
                attachments.add(new Attachment(filename, type, new PartContent(part)));
            }
            return new MultipartSubmission(new PartContent(first), attachments, source);
        } catch (MessagingException e) {
            throw malformed("the multipart body cannot be read: " + e.getMessage());
        }
    }

    /**
     * The parser holds the preamble and every part's headers in memory and makes objects per part, without limits:
     * the framing is checked first, reading the body once more (its spool file, or memory) through a small buffer.
     */
    private static void checkFraming(Source source) {
        MultipartFraming framing = new MultipartFraming(source.contentType(), MAX_ATTACHMENTS + 1);
        try (InputStream in = source.body().open()) {
            framing.check(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseType(BodyPart part) throws MessagingException {
        String header = part.getContentType();
        try {
            return header == null ? "text/plain" : new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            throw malformed("a part has an unreadable Content-Type: " + header);
        }
    }

    private static boolean xml(String type) {
        return type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml");
    }

    static SubmissionProblem malformed(String detail) {
        return new SubmissionProblem(HttpStatus.BAD_REQUEST, "multipart-malformed", "Multipart body refused", detail);
    }

    static SubmissionProblem tooManyAttachments(String count) {
        return new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "too-many-attachments", "Too many attachments",
                count + " attachments; at most " + MAX_ATTACHMENTS + " are allowed")
                .with("maxAttachments", MAX_ATTACHMENTS);
    }

    /**
     * The received body as the MIME parser's source: shared streams, so parts are read in place. The parser keeps a
     * stream of the spool file per part and never closes them (the file's descriptor, and its disk space once the
     * spool deletes it, would be held until the garbage collector ran): the file is closed with the submission.
     */
    record Source(BoundedBody.Body body, String contentType, List<PartsOfFile> opened) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            if (!body.spooled()) {
                return new SharedByteArrayInputStream(body.bytes());
            }
            PartsOfFile in = new PartsOfFile(body.file().toFile());
            synchronized (opened) {
                opened.add(in);
            }
            return in;
        }

        void close() {
            synchronized (opened) {
                for (PartsOfFile in : opened) {
                    try {
                        in.closeFile();
                    } catch (IOException e) {
                        // closing a read-only spool file: nothing to lose
                    }
                }
                opened.clear();
            }
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("a received body is read-only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return "submission";
        }
    }

    /**
     * A spool file as the parser reads it. Every stream taken of it (a stream per part, and one per read of a part)
     * shares one {@link RandomAccessFile}, closed when the last of them is: the parser never closes its streams of
     * the parts, so this closes the file itself.
     */
    private static final class PartsOfFile extends SharedFileInputStream {
        private final RandomAccessFile file;

        PartsOfFile(File file) throws IOException {
            super(file);
            this.file = in;
        }

        void closeFile() throws IOException {
            file.close();
        }
    }

    /** One part's decoded bytes; its size and SHA-256 are computed in one pass when first asked for. */
    private static final class PartContent implements Content {
        private final BodyPart part;
        private long size = -1;
        private String sha256;

        PartContent(BodyPart part) {
            this.part = part;
        }

        @Override
        public InputStream open() throws IOException {
            try {
                return part.getInputStream();
            } catch (MessagingException e) {
                throw new IOException("part cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public long size() {
            measure();
            return size;
        }

        @Override
        public String sha256() {
            measure();
            return sha256;
        }

        private void measure() {
            if (sha256 != null) {
                return;
            }
            var digest = Content.digest();
            long n = 0;
            byte[] buffer = new byte[65536];
            try (InputStream in = open()) {
                for (int r; (r = in.read(buffer)) != -1; ) {
                    digest.update(buffer, 0, r);
                    n += r;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            size = n;
            sha256 = java.util.HexFormat.of().formatHex(digest.digest());
        }
    }
}
