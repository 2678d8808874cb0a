package de.xoevhub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Builds demo-standard messages of an exact size from schemas/demo/samples/antrag.xml. Each message gets a fresh
 * nachrichtenUUID, because the hub answers a repeated UUID with the original receipt instead of doing the work
 * again, and is padded to the target size in the optional begruendung element (plain ASCII, so bytes = chars).
 */
final class DemoMessages {

    private static final String UUID_OPEN = "<nachrichtenUUID>";
    private static final String UUID_CLOSE = "</nachrichtenUUID>";
    private static final String PAD_AFTER = "</antragsteller>";
    private static final String FILLER = "Die Antragstellerin bittet um Pruefung der beigefuegten Angaben. ";

    private final String head;
    private final String middle;
    private final String tail;
    private final int size;

    DemoMessages(Path sample, int targetBytes) throws IOException {
        String xml = Files.readString(sample, StandardCharsets.UTF_8);
        int uuidStart = xml.indexOf(UUID_OPEN) + UUID_OPEN.length();
        int uuidEnd = xml.indexOf(UUID_CLOSE);
        int padAt = xml.indexOf(PAD_AFTER) + PAD_AFTER.length();
        if (uuidStart < UUID_OPEN.length() || uuidEnd < uuidStart || padAt < PAD_AFTER.length()) {
            throw new IllegalStateException(sample + " does not look like the demo antrag sample");
        }
        head = xml.substring(0, uuidStart);
        String between = xml.substring(uuidEnd, padAt);
        String open = "\n    <begruendung>";
        String close = "</begruendung>";
        int fixed = bytes(head) + 36 + bytes(between) + open.length() + close.length() + bytes(xml.substring(padAt));
        int padding = Math.max(0, targetBytes - fixed);
        middle = between + open + FILLER.repeat(padding / FILLER.length() + 1).substring(0, padding) + close;
        tail = xml.substring(padAt);
        size = fixed + padding;
    }

    /** A new message with a random nachrichtenUUID; 36 ASCII characters keep the size constant. */
    byte[] next() {
        return with(UUID.randomUUID().toString());
    }

    /** The message with the given nachrichtenUUID (36 characters). */
    byte[] with(String uuid) {
        return (head + uuid + middle + tail).getBytes(StandardCharsets.UTF_8);
    }

    int size() {
        return size;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
