package de.xoevhub.spool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a step writes what it makes from a message (a container, an xdomea package, a seal): memory when the input
 * is small, a spool file when it is large. Closing deletes the file.
 */
public final class SpoolOutput implements AutoCloseable {

    private final Spool spool;
    private final Path file;
    private final ByteArrayOutputStream memory;

    SpoolOutput(Spool spool, Path file, long expectedSize) {
        this.spool = spool;
        this.file = file;
        this.memory = file != null ? null : new ByteArrayOutputStream((int) Math.min(expectedSize + 8192, 1 << 21));
    }

    public OutputStream open() throws IOException {
        return file != null ? Files.newOutputStream(file) : memory;
    }

    /** What was written, once the stream from {@link #open()} is closed. */
    public Content content() {
        return file != null ? Content.of(file) : Content.of(memory.toByteArray());
    }

    @Override
    public void close() {
        if (file != null) {
            spool.delete(file);
        }
    }
}
