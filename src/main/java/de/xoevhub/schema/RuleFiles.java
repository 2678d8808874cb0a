package de.xoevhub.schema;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.Source;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.Configuration;
import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.lib.ResourceRequest;
import net.sf.saxon.lib.UnparsedTextURIResolver;
import net.sf.saxon.trans.XPathException;
import org.xml.sax.InputSource;

/**
 * The local files a Schematron is made of, and the only files its rules may read. While compiling, the rules
 * (trusted configuration) may include any local file; the directory tree spanned by everything they pulled in
 * then becomes the fence for validation, so a code list beside the rules resolves while the network and the rest
 * of the disk do not. Every refusal names the URI.
 */
final class RuleFiles implements ResourceResolver, UnparsedTextURIResolver {

    private final Set<Path> compiledFrom = ConcurrentHashMap.newKeySet();
    private volatile Path root;

    RuleFiles(Path source) {
        compiledFrom.add(real(source));
    }

    /** Ends compilation: from now on only files under the common directory of everything read so far. */
    void seal() {
        Path common = null;
        for (Path file : compiledFrom) {
            Path dir = file.getParent();
            if (common == null) {
                common = dir;
            }
            while (!dir.startsWith(common)) {
                common = common.getParent();
            }
        }
        root = common;
    }

    @Override
    public Source resolve(ResourceRequest request) throws XPathException {
        if (request.uri == null) {
            throw refused(String.valueOf(request.relativeUri), "cannot be resolved");
        }
        Path file = admit(request.uri);
        String uri = file.toUri().toString();
        if (ResourceRequest.TEXT_NATURE.equals(request.nature) || ResourceRequest.BINARY_NATURE.equals(request.nature)) {
            return new StreamSource(uri);
        }
        // Included modules and document() targets get the same parser as instances: no DOCTYPE, no entities.
        return new SAXSource(HardenedXml.newReader(), new InputSource(uri));
    }

    @Override
    public Reader resolve(URI absoluteURI, String encoding, Configuration config) throws XPathException {
        Path file = admit(absoluteURI.toString());
        try {
            return Files.newBufferedReader(file, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
        } catch (IOException | IllegalArgumentException e) {
            throw new XPathException("cannot read " + absoluteURI + ": " + e.getMessage(), "FOUT1170");
        }
    }

    /** The local file behind the URI, or an error naming it when the rules may not read it. */
    Path admit(String uri) throws XPathException {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw refused(uri, "not a URI");
        }
        if (!"file".equalsIgnoreCase(parsed.getScheme())) {
            throw refused(uri, "not a local file");
        }
        Path file = real(Path.of(parsed));
        Path fence = root;
        if (fence == null) {
            compiledFrom.add(file);
        } else if (!file.startsWith(fence)) {
            throw refused(uri, "outside " + fence);
        }
        return file;
    }

    private static XPathException refused(String uri, String why) {
        return new XPathException("Schematron may not read " + uri + " (" + why + ")", "FODC0002");
    }

    /** Symbolic links are followed before the fence is checked, so a link cannot lead out of the tree. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;
        }
    }
}
