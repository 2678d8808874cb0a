package de.xoevhub.spool;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where large messages are spooled, and from what size on: a body larger than {@code threshold} is written to a
 * file under {@code directory} instead of being held in memory.
 */
@ConfigurationProperties("hub.spool")
public record SpoolProperties(Path directory, DataSize threshold) {

    public SpoolProperties {
        directory = directory == null ? Path.of("data", "spool") : directory;
        threshold = threshold == null ? DataSize.ofMegabytes(1) : threshold;
    }
}
