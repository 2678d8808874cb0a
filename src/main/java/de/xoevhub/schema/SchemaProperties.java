package de.xoevhub.schema;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Where schema bundles are installed (each path is searched for bundle.yaml descriptors), and the longest text the
 * XSD validator may collect for one element ({@code max-text-size}, in characters). Base64 content is exempt: it is
 * checked while it streams (see {@link LargeTextFilter}).
 */
@ConfigurationProperties("hub.schemas")
public record SchemaProperties(List<Path> paths, Long maxTextSize) {

    /**
     * 1 MiB of characters: far above any code, identifier, date or amount, room for a GML coordinate list of about
     * 40,000 points, and within the 16 MiB one hostile input may cost the hub: the validator allocated 8.6 MiB for a
     * valid xs:token of 1 MiB and 14.4 MiB for an invalid xs:date of 1 MiB (its messages quote the value twice).
     * Free text is exempt: xs:string itself streams (see {@link PlainString}).
     */
    public static final long DEFAULT_MAX_TEXT_SIZE = 1L << 20;

    @ConstructorBinding
    public SchemaProperties {
        paths = paths == null ? List.of(Path.of("schemas")) : List.copyOf(paths);
        maxTextSize = maxTextSize == null ? DEFAULT_MAX_TEXT_SIZE : maxTextSize;
        if (maxTextSize < 1) {
            throw new IllegalArgumentException("hub.schemas.max-text-size must be positive: " + maxTextSize);
        }
    }

    public SchemaProperties(List<Path> paths) {
        this(paths, null);
    }
}
