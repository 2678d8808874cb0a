package de.xoevhub.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.catalog.CatalogFeatures;
import javax.xml.catalog.CatalogManager;
import javax.xml.catalog.CatalogResolver;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Resolves schema imports for compilation without the network: http(s) addresses through the bundle's OASIS
 * catalog (trying the http/https twin and both xml.xsd addresses), local files as they are, and DTDs with a
 * non-empty dummy. Every address it cannot map is remembered, so the compile error can name it.
 */
final class OfflineResolver implements LSResourceResolver {

    private static final String DUMMY_DTD = "<!-- DTD replaced offline by xoev-hub -->";

    private final CatalogResolver catalog;
    private final Set<String> unresolved = new LinkedHashSet<>();
    private final Set<URI> documents = new LinkedHashSet<>();

    OfflineResolver(Path catalogFile) {
        this.catalog = catalogFile == null ? null : CatalogManager.catalogResolver(
                CatalogFeatures.builder().with(CatalogFeatures.Feature.RESOLVE, "continue").build(),
                catalogFile.toUri());
    }

    @Override
    public LSInput resolveResource(String type, String namespace, String publicId, String systemId,
                                   String baseUri) {
        if (systemId == null) {
            return null;
        }
        String target = absolute(systemId, baseUri);
        if (target.endsWith(".dtd")) {
            return new LocalInput(publicId, target, baseUri, null, DUMMY_DTD);
        }
        if (!target.startsWith("http:") && !target.startsWith("https:")) {
            remember(target);
            return null;
        }
        for (String candidate : variants(target)) {
            String local = lookup(candidate);
            if (local != null) {
                try {
                    remember(local);
                    return new LocalInput(publicId, local, baseUri, URI.create(local).toURL().openStream(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException("catalog entry unreadable: " + local, e);
                }
            }
        }
        unresolved.add(target);
        return null;
    }

    /** The local schema documents the compiler asked for (a superset of those it read). */
    Set<URI> documents() {
        return documents;
    }

    private void remember(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (parsed.isAbsolute()) {
                documents.add(parsed);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the compiler reports it
        }
    }

    List<String> unresolved() {
        return new ArrayList<>(unresolved);
    }

    private String lookup(String systemId) {
        if (catalog == null) {
            return null;
        }
        var source = catalog.resolveEntity(null, systemId);
        return source == null ? null : source.getSystemId();
    }

    private static String absolute(String systemId, String baseUri) {
        try {
            return baseUri == null ? systemId : URI.create(baseUri).resolve(systemId).toString();
        } catch (IllegalArgumentException e) {
            return systemId;
        }
    }

    static List<String> variants(String url) {
        Set<String> out = new LinkedHashSet<>();
        for (String u : List.of(url, url.replace("/2009/01/xml.xsd", "/2001/xml.xsd"),
                url.replace("/2001/xml.xsd", "/2009/01/xml.xsd"))) {
            out.add(u);
            out.add(u.startsWith("https:") ? "http:" + u.substring(6) : "https:" + u.substring(5));
        }
        return new ArrayList<>(out);
    }
}
