package de.xoevhub.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The installed schema bundles. A bundle that fails to load is reported with its file and reason and does not
 * stop the others. Documents are matched by root namespace plus the standard/version attributes.
 */
@Component
public class SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);

    /** A bundle that could not be installed, and why. */
    public record LoadError(Path descriptor, String reason) {
    }

    private final SchemaProperties properties;
    private volatile List<SchemaBundle> bundles = List.of();
    private volatile List<LoadError> loadErrors = List.of();

    public SchemaRegistry(SchemaProperties properties) {
        this.properties = properties;
        reload();
    }

    /** Loads every bundle again from the configured paths; running validations keep the bundles they had. */
    public synchronized void reload() {
        List<SchemaBundle> loaded = new ArrayList<>();
        List<LoadError> errors = new ArrayList<>();
        for (Path descriptorFile : descriptors()) {
            try {
                BundleDescriptor d = BundleDescriptor.read(descriptorFile);
                BundleCompiler.Compiled compiled = BundleCompiler.compile(d);
                loaded.add(new SchemaBundle(d.id(), d.standard(), d.version(), d.namespaces(), descriptorFile,
                        new CompiledSchema(compiled.schema()),
                        d.schematron().stream().map(Schematron::compile).toList(), d.levels(), d.keys(), BundleCompiler.globalElements(d), compiled.base64Types()));
                LOG.info("schema bundle {} loaded ({} {})", d.id(), d.standard(), d.version());
            } catch (Exception e) {
                errors.add(new LoadError(descriptorFile, String.valueOf(e.getMessage())));
                LOG.warn("schema bundle {} not loaded: {}", descriptorFile, e.getMessage());
            }
        }
        bundles = List.copyOf(loaded);
        loadErrors = List.copyOf(errors);
    }

    public SchemaBundle bundleFor(MessageHead head) {
        return bundles.stream().filter(b -> b.matches(head))
                .max(Comparator.comparing(SchemaBundle::version, SchemaRegistry::compareVersions))
                .orElseThrow(() -> new UnknownStandardException(head));
    }

    /** Compares dotted versions part by part, numerically where both parts are numbers: 1.10 is after 1.9. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d{1,9}") && q.matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(p), Integer.parseInt(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public List<SchemaBundle> bundles() {
        return bundles;
    }

    public List<LoadError> loadErrors() {
        return loadErrors;
    }

    private List<Path> descriptors() {
        List<Path> out = new ArrayList<>();
        for (Path root : properties.paths()) {
            if (!Files.isDirectory(root)) {
                loadErrorLater(root);
                continue;
            }
            try (Stream<Path> files = Files.find(root, 4,
                    (p, a) -> p.getFileName().toString().equals(BundleDescriptor.FILE_NAME))) {
                files.sorted().forEach(out::add);
            } catch (IOException e) {
                LOG.warn("schema path {} unreadable: {}", root, e.getMessage());
            }
        }
        return out;
    }

    private static void loadErrorLater(Path root) {
        LOG.warn("schema path {} does not exist", root);
    }
}
