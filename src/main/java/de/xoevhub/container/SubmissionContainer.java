package de.xoevhub.container;

import de.xoevhub.container.Manifest.Part;
import de.xoevhub.spool.Content;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The container in which a submission with attachments travels (docs/container.md): a ZIP whose first entry is
 * {@code manifest.json}, then the XÖV message as {@code nachricht.xml}, then each attachment as
 * {@code anlagen/<file name>}. Entries are written and read as streams, and their times are fixed, so the same
 * parts always give the same bytes.
 */
public final class SubmissionContainer {

    public static final String MANIFEST = "manifest.json";
    public static final String MESSAGE = "nachricht.xml";
    public static final String ATTACHMENTS = "anlagen/";
    public static final String MEDIA_TYPE = "application/zip";
    private static final FileTime TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private SubmissionContainer() {
    }

    /** The manifest of a message and its attachments; reads each part once to size and hash it. */
    public static Manifest manifest(Content message, List<Attachment> attachments) {
        List<Part> parts = new ArrayList<>(attachments.size());
        for (Attachment a : attachments) {
            parts.add(new Part(ATTACHMENTS + a.filename(), a.filename(), a.mediaType(), a.content().size(),
                    a.content().sha256()));
        }
        return new Manifest(new Part(MESSAGE, MESSAGE, "application/xml", message.size(), message.sha256()), parts);
    }

    /** Writes the container of {@code manifest}'s parts, whose bytes are {@code message} and {@code attachments}. */
    public static void write(Manifest manifest, Content message, List<Attachment> attachments, OutputStream out)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, MANIFEST, new ByteArrayInputStream(manifest.json()));
            entry(zip, MESSAGE, message.open());
            for (Attachment a : attachments) {
                entry(zip, ATTACHMENTS + a.filename(), a.content().open());
            }
        }
    }

    private static void entry(ZipOutputStream zip, String name, InputStream content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(TIME);
        zip.putNextEntry(e);
        try (content) {
            content.transferTo(zip);
        }
        zip.closeEntry();
    }

    /** What reads a container: the manifest first, then each part with its bytes as a stream. */
    public interface Reader {
        void manifest(Manifest manifest) throws IOException;

        void part(Part part, InputStream content) throws IOException;
    }

    /** Reads a container as a stream; a ZIP that does not start with a manifest, or holds other entries, is refused. */
    public static void read(InputStream container, Reader reader) throws IOException {
        ZipInputStream zip = new ZipInputStream(container);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals(MANIFEST)) {
            throw new IOException("not a submission container: the first entry is not " + MANIFEST);
        }
        Manifest manifest = Manifest.parse(zip.readAllBytes());
        reader.manifest(manifest);
        for (Part part : manifest.concat()) {
            ZipEntry e = zip.getNextEntry();
            if (e == null || !e.getName().equals(part.name())) {
                throw new IOException("submission container: expected entry " + part.name() + ", found "
                        + (e == null ? "the end" : e.getName()));
            }
            reader.part(part, zip);
        }
    }
}
