package de.xoevhub.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Compiles a bundle's XSDs into one cached {@link Schema}. Warnings count as errors: a "failed to read schema
 * document" warning is otherwise the only trace of a missing import. Several entry XSDs are joined by a generated
 * wrapper that imports each one, since the JDK's factory reads only the first of several sources of one namespace.
 */
final class BundleCompiler {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private BundleCompiler() {
    }

    /** A compiled bundle schema and what its documents say about Base64 content. */
    record Compiled(Schema schema, Base64Types base64Types) {
    }

    static Compiled compile(BundleDescriptor descriptor) throws SAXException, IOException {
        SchemaFactory factory = SchemaFactory.newInstance(XS);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "file");
        // the wrapper imports several documents of one namespace (xdomea, XBau): all must be read
        factory.setFeature("http://apache.org/xml/features/honour-all-schemaLocations", true);
        OfflineResolver resolver = new OfflineResolver(descriptor.catalog());
        factory.setResourceResolver(resolver);
        List<String> problems = new ArrayList<>();
        factory.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                problems.add(describe(e));
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(describe(e));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        Schema schema = null;
        try {
            schema = factory.newSchema(source(descriptor));
        } catch (SAXException e) {
            problems.add(e.getMessage());
        }
        if (!resolver.unresolved().isEmpty()) {
            problems.add(0, "not in the bundle's catalog: " + String.join(", ", resolver.unresolved()));
        }
        if (!problems.isEmpty() || schema == null) {
            throw new SAXException(String.join("; ", problems));
        }
        Set<URI> documents = new LinkedHashSet<>();
        descriptor.schemas().forEach(entry -> documents.add(entry.toAbsolutePath().toUri()));
        documents.addAll(resolver.documents());
        return new Compiled(schema, Base64Types.of(documents));
    }

    private static Source source(BundleDescriptor descriptor) throws IOException {
        List<Path> entries = descriptor.schemas();
        if (entries.size() == 1) {
            return new StreamSource(entries.get(0).toFile());
        }
        StringBuilder wrapper = new StringBuilder("<xs:schema xmlns:xs='" + XS + "'>");
        for (Path entry : entries) {
            wrapper.append("<xs:import namespace='").append(targetNamespace(entry)).append("' schemaLocation='")
                    .append(entry.toUri()).append("'/>");
        }
        StreamSource source = new StreamSource(new StringReader(wrapper.append("</xs:schema>").toString()));
        source.setSystemId(descriptor.file().toUri().toString());
        return source;
    }

    /**
     * The global element declarations in the bundle's namespaces, found in the entry XSDs and the local files they
     * include or import: the message types a bundle accepts as roots.
     */
    static List<String> globalElements(BundleDescriptor descriptor) throws IOException {
        Set<String> names = new TreeSet<>();
        Set<Path> seen = new HashSet<>();
        Deque<Path> pending = new ArrayDeque<>(descriptor.schemas());
        while (!pending.isEmpty()) {
            Path xsd = pending.pop().toAbsolutePath().normalize();
            if (seen.add(xsd) && Files.isRegularFile(xsd)) {
                scan(xsd, descriptor.namespaces(), names, pending);
            }
        }
        return List.copyOf(names);
    }

    private static void scan(Path xsd, List<String> namespaces, Set<String> names, Deque<Path> pending)
            throws IOException {
        try (InputStream in = Files.newInputStream(xsd)) {
            XMLStreamReader r = HardenedXml.stax().createXMLStreamReader(in);
            int depth = 0;
            boolean ours = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 1) {
                        String tns = r.getAttributeValue(null, "targetNamespace");
                        ours = namespaces.contains(tns == null ? "" : tns);
                    } else if (depth == 2 && XS.equals(r.getNamespaceURI())) {
                        String location = r.getAttributeValue(null, "schemaLocation");
                        if (location != null && !location.contains(":")
                                && List.of("include", "import", "redefine").contains(r.getLocalName())) {
                            pending.push(xsd.getParent().resolve(location));
                        } else if (ours && "element".equals(r.getLocalName())) {
                            names.add(r.getAttributeValue(null, "name"));
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            r.close();
        } catch (XMLStreamException e) {
            throw new IOException(xsd + ": " + e.getMessage(), e);
        }
    }

    private static String targetNamespace(Path xsd) throws IOException {
        try (InputStream in = Files.newInputStream(xsd)) {
            XMLStreamReader r = HardenedXml.stax().createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT) {
                    String tns = r.getAttributeValue(null, "targetNamespace");
                    return tns == null ? "" : tns;
                }
            }
            throw new IOException(xsd + ": no schema element");
        } catch (XMLStreamException e) {
            throw new IOException(xsd + ": " + e.getMessage(), e);
        }
    }

    private static String describe(SAXParseException e) {
        return e.getSystemId() + ":" + e.getLineNumber() + ": " + e.getMessage();
    }
}
