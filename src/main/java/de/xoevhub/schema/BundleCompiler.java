package de.xoevhub.schema;

import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Compiles a bundle's XSDs into one cached {@link Schema}. Warnings count as errors: a "failed to read schema
 * document" warning is otherwise the only trace of a missing import.
 */
final class BundleCompiler {

    private BundleCompiler() {
    }

    static Schema compile(BundleDescriptor descriptor) throws SAXException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "file");
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
        Source[] sources = descriptor.schemas().stream()
                .map(p -> new StreamSource(p.toFile()))
                .toArray(Source[]::new);
        Schema schema = null;
        try {
            schema = factory.newSchema(sources);
        } catch (SAXException e) {
            problems.add(e.getMessage());
        }
        if (!resolver.unresolved().isEmpty()) {
            problems.add(0, "not in the bundle's catalog: " + String.join(", ", resolver.unresolved()));
        }
        if (!problems.isEmpty() || schema == null) {
            throw new SAXException(String.join("; ", problems));
        }
        return schema;
    }

    private static String describe(SAXParseException e) {
        return e.getSystemId() + ":" + e.getLineNumber() + ": " + e.getMessage();
    }
}
