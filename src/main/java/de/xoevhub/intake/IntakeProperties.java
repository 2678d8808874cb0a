package de.xoevhub.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits of the HTTP intake: the size of one body, and the bytes all bodies being received may hold at once. */
@ConfigurationProperties("hub.intake")
public record IntakeProperties(DataSize maxBodySize, DataSize maxBufferedSize) {

    public IntakeProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(64) : maxBodySize;
        maxBufferedSize = maxBufferedSize == null ? DataSize.ofMegabytes(512) : maxBufferedSize;
    }
}
