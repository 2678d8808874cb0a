package de.xoevhub.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the intake: the size of one body (XML, CMS or multipart), and the bytes all bodies held in memory at once
 * may take. Bodies past the spool threshold ({@code hub.spool}) are not held in memory.
 */
@ConfigurationProperties("hub.intake")
public record IntakeProperties(DataSize maxBodySize, DataSize maxBufferedSize) {

    public IntakeProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(64) : maxBodySize;
        maxBufferedSize = maxBufferedSize == null ? DataSize.ofMegabytes(512) : maxBufferedSize;
    }
}
