package de.xoevhub.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A bundle's {@code bundle.yaml}: which standard and version it serves, its root namespace, its entry XSDs and
 * an optional OASIS catalog. Paths are relative to the descriptor's directory. Format: docs/schema-bundles.md.
 */
record BundleDescriptor(Path file, String id, String standard, String version, String namespace,
                        List<Path> schemas, Path catalog) {

    static final String FILE_NAME = "bundle.yaml";

    static BundleDescriptor read(Path file) throws IOException {
        Map<String, Object> map;
        try (InputStream in = Files.newInputStream(file)) {
            map = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        if (map == null) {
            throw new IllegalArgumentException("empty descriptor");
        }
        Path dir = file.toAbsolutePath().getParent();
        Object schemaValue = required(map, "schema");
        List<Path> schemas = (schemaValue instanceof List<?> list ? list : List.of(schemaValue)).stream()
                .map(s -> dir.resolve(s.toString()).normalize())
                .toList();
        Object catalog = map.get("catalog");
        return new BundleDescriptor(file, required(map, "id").toString(), str(map.get("standard")),
                required(map, "version").toString(), required(map, "namespace").toString(), schemas,
                catalog == null ? null : dir.resolve(catalog.toString()).normalize());
    }

    private static Object required(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return v;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
