package de.xoevhub.schema;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where schema bundles are installed: each path is searched for bundle.yaml descriptors. */
@ConfigurationProperties("hub.schemas")
public record SchemaProperties(List<Path> paths) {

    public SchemaProperties {
        paths = paths == null ? List.of(Path.of("schemas")) : List.copyOf(paths);
    }
}
