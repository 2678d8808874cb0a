package de.xoevhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Builds demo-standard messages from the bundle's own sample, with a fresh nachrichtenUUID and a chosen leser. */
public final class DemoMessages {

    public static final Path SAMPLE = Path.of("schemas/demo/samples/antrag.xml");
    public static final Path INVALID_SAMPLE = Path.of("schemas/demo/samples/antrag-invalid.xml");
    private static final String SAMPLE_UUID = "3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23";
    private static final String SAMPLE_LESER = "ags:09000009";

    private DemoMessages() {
    }

    public static String sample() {
        try {
            return Files.readString(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid demo Antrag with a new nachrichtenUUID (returned in the text) and the given leser kennung. */
    public static byte[] antrag(String uuid, String leser) {
        return sample().replace(SAMPLE_UUID, uuid).replace(SAMPLE_LESER, leser).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid demo Antrag of about {@code bytes} bytes: the size is a long begruendung. */
    public static byte[] large(String uuid, String leser, int bytes) {
        String xml = new String(antrag(uuid, leser), StandardCharsets.UTF_8);
        String filler = "Die Antragstellerin bittet um Pruefung der beigefuegten Angaben. ";
        String begruendung = "\n    <begruendung>" + filler.repeat(Math.max(1, (bytes - xml.length()) / filler.length()))
                + "</begruendung>";
        int at = xml.indexOf("</antragsteller>") + "</antragsteller>".length();
        return (xml.substring(0, at) + begruendung + xml.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] antrag() {
        return antrag(UUID.randomUUID().toString(), SAMPLE_LESER);
    }

    /**
     * A valid message without nachrichtenUUID, as an XRechnung invoice has none: a document of the test bundle
     * rule-error-1.0 (src/test/resources/bundles) whose datum is a date, made unique by a comment.
     */
    public static byte[] withoutNachrichtenUuid() {
        return ("<antrag xmlns=\"urn:xoevhub:test:rule-error\"><datum>2020-01-01</datum><!-- " + UUID.randomUUID()
                + " --></antrag>").getBytes(StandardCharsets.UTF_8);
    }
}
