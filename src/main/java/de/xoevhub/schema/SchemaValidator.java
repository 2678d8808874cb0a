package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.InputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.springframework.stereotype.Component;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * Validates a document against its bundle's compiled schema, then, if it passed and the bundle has them, against
 * its Schematron rules. The XSD pass streams the bytes straight through the JDK validator (no SAX hand-over, no
 * tree); element paths are worked out afterwards, for invalid documents only. Not well-formed input throws
 * {@link MalformedXmlException}.
 */
@Component
public class SchemaValidator {

    /** Validates a document of the given profile (which selects the bundle's Schematron levels; may be null). */
    public ValidationReport validate(byte[] document, SchemaBundle bundle, String profile) {
        return validate(Content.of(document), bundle, profile);
    }

    public ValidationReport validate(Content document, SchemaBundle bundle, String profile) {
        ValidationReport xsd = xsd(document, bundle);
        if (!xsd.valid() || bundle.schematrons().isEmpty()) {
            // rules assume a structurally valid document; on an XSD-invalid one they only add noise
            return xsd;
        }
        List<SchematronFinding> findings = new ArrayList<>();
        bundle.schematrons().forEach(rules -> findings.addAll(rules.validate(document)));
        return new ValidationReport(bundle.id(), List.of(), 0, SchematronLevel.apply(bundle.levels(), profile, findings));
    }

    /** The XSD part of the validation only. */
    public ValidationReport xsd(byte[] document, SchemaBundle bundle) {
        return xsd(Content.of(document), bundle);
    }

    public ValidationReport xsd(Content document, SchemaBundle bundle) {
        // the validator's own parser cannot be told to refuse a DOCTYPE; the StAX prolog check does that
        HardenedXml.refuseDoctype(document);
        Collector collector = new Collector();
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // The JDK's Xerces looks up its datatype factory through the context class loader for every document. On
        // a request thread that is the web application's loader and in the packaged jar Spring Boot's; both hold a
        // per-class lock while they delegate, and concurrent validations queued on it. The system loader finds
        // the same JDK class at once.
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try (InputStream in = document.open()) {
            Validator validator = hardened(bundle.schema().newValidator());
            validator.setErrorHandler(collector);
            validator.validate(new StreamSource(in));
        } catch (SAXParseException e) {
            throw MalformedXmlException.classify(e.getMessage(), e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException | IOException e) {
            throw MalformedXmlException.classify(e.getMessage(), -1, -1);
        } finally {
            thread.setContextClassLoader(context);
        }
        List<Violation> violations = collector.errors.isEmpty() ? List.of()
                : ElementLocator.locate(document, collector.errors);
        return new ValidationReport(bundle.id(), violations, collector.count, List.of());
    }

    private static Validator hardened(Validator v) throws SAXNotRecognizedException, SAXNotSupportedException {
        v.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        v.setProperty("jdk.xml.maxElementDepth", String.valueOf(HardenedXml.MAX_ELEMENT_DEPTH));
        v.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(HardenedXml.MAX_NAME_LENGTH));
        v.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(HardenedXml.MAX_ATTRIBUTES));
        return v;
    }

    /** Collects validation errors; fatal errors end the parse. */
    private static final class Collector implements ErrorHandler {
        static final int MAX_MESSAGE_LENGTH = 1_000;
        private final List<ElementLocator.Position> errors = new ArrayList<>();
        private int count;

        @Override
        public void warning(SAXParseException e) {
            // schema warnings on instances do not make a message invalid
        }

        @Override
        public void error(SAXParseException e) {
            count++;
            if (errors.size() < ValidationReport.MAX_VIOLATIONS) {
                errors.add(new ElementLocator.Position(e.getLineNumber(), e.getColumnNumber(), capped(e.getMessage())));
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        /**
         * Xerces quotes the offending value whole: a megabyte-long value would otherwise travel into the problem
         * body, the ledger and the Laufzettel (and overflow its detail column).
         */
        private static String capped(String message) {
            if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
                return message;
            }
            return message.substring(0, MAX_MESSAGE_LENGTH) + "… (" + message.length() + " characters)";
        }
    }
}
