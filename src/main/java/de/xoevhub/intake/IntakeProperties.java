package de.xoevhub.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits of the HTTP intake. */
@ConfigurationProperties("hub.intake")
public record IntakeProperties(DataSize maxBodySize) {

    public IntakeProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(64) : maxBodySize;
    }
}
