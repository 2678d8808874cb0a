package de.xoevhub.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the intake: the size of one body; the size of one CMS body, which is opened in memory; and the bytes
 * all bodies held in memory at once may take. XML bodies past the spool threshold ({@code hub.spool}) are not held
 * in memory.
 */
@ConfigurationProperties("hub.intake")
public record IntakeProperties(DataSize maxBodySize, DataSize maxSealedBodySize, DataSize maxBufferedSize) {

    public IntakeProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(64) : maxBodySize;
        maxSealedBodySize = maxSealedBodySize == null ? DataSize.ofMegabytes(64) : maxSealedBodySize;
        maxBufferedSize = maxBufferedSize == null ? DataSize.ofMegabytes(512) : maxBufferedSize;
    }
}
