package de.xoevhub.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A bundle's {@code bundle.yaml}: which standard and version it serves, its root namespace(s), entry XSDs, an
 * optional OASIS catalog, optional Schematron, and where the routing keys are. Paths are relative to the
 * descriptor's directory. Format: docs/schema-bundles.md.
 */
record BundleDescriptor(Path file, String id, String standard, String version, List<String> namespaces,
                        List<Path> schemas, Path catalog, List<Path> schematron, List<SchematronLevel> levels,
                        MessageKeys keys) {

    static final String FILE_NAME = "bundle.yaml";
    private static final Set<String> FIELDS = Set.of("id", "standard", "version", "namespace", "namespaces",
            "schema", "catalog", "schematron", "schematronLevels", "prefixes", "keys");

    static BundleDescriptor read(Path file) throws IOException {
        Map<String, Object> map;
        try (InputStream in = Files.newInputStream(file)) {
            map = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        if (map == null) {
            throw new IllegalArgumentException("empty descriptor");
        }
        for (String key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'; known: " + FIELDS);
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        List<String> namespaces = strings(map.containsKey("namespaces") ? map.get("namespaces")
                : required(map, "namespace"));
        Map<String, String> keys = stringMap(map.get("keys"));
        MessageKeys messageKeys = keys.isEmpty() ? MessageKeys.XOEV
                : MessageKeys.of(keys, stringMap(map.get("prefixes")));
        Object catalog = map.get("catalog");
        return new BundleDescriptor(file, required(map, "id").toString(), str(map.get("standard")),
                required(map, "version").toString(), namespaces, paths(dir, required(map, "schema")),
                catalog == null ? null : dir.resolve(catalog.toString()).normalize(),
                map.containsKey("schematron") ? paths(dir, map.get("schematron")) : List.of(),
                levels(map.get("schematronLevels")), messageKeys);
    }

    private static List<SchematronLevel> levels(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("schematronLevels must be a list");
        }
        return list.stream().map(entry -> {
            if (!(entry instanceof Map<?, ?> m) || m.get("rules") == null) {
                throw new IllegalArgumentException("a schematronLevels entry needs level and rules: " + entry);
            }
            Object profile = m.get("profile");
            return new SchematronLevel(profile == null ? null : profile.toString(), String.valueOf(m.get("level")),
                    Set.copyOf(strings(m.get("rules"))));
        }).toList();
    }

    private static List<Path> paths(Path dir, Object value) {
        return strings(value).stream().map(s -> dir.resolve(s).normalize()).toList();
    }

    private static List<String> strings(Object value) {
        return (value instanceof List<?> list ? list : List.of(value)).stream().map(Object::toString).toList();
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(k.toString(), v.toString()));
        } else if (value != null) {
            throw new IllegalArgumentException("expected a map, found: " + value);
        }
        return out;
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
