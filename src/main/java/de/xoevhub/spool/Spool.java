package de.xoevhub.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The spool directory: files that hold one large message for the time of one step (an HTTP request, one pipeline
 * pass). Their owner deletes them when the step ends; whatever a crash left behind is deleted at the next start,
 * when no step can still be using it.
 */
@Component
public class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path directory;
    private final long threshold;

    public Spool(SpoolProperties properties) throws IOException {
        this.directory = properties.directory();
        this.threshold = properties.threshold().toBytes();
        Files.createDirectories(directory);
        int left = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
                    left++;
                }
            }
        }
        if (left > 0) {
            LOG.warn("deleted {} spool file(s) that an earlier run left in {}", left, directory);
        }
    }

    /** From this size on, a message is spooled to a file instead of held in memory. */
    public long threshold() {
        return threshold;
    }

    /** A new, empty spool file; {@code purpose} (e.g. "intake") starts its name. */
    public Path newFile(String purpose) {
        try {
            return Files.createTempFile(directory, purpose + "-", ".spool");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output for what a step makes from content of {@code inputSize} bytes: a spool file past the threshold. */
    public SpoolOutput output(String purpose, long inputSize) {
        return new SpoolOutput(this, inputSize > threshold ? newFile(purpose) : null, inputSize);
    }

    /** Deletes a spool file; a file already gone is fine. */
    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("spool file {} could not be deleted: {}", file, e.getMessage());
        }
    }

    /** The spool files present now (for tests and the orphan check). */
    public long count() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
