package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.InputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Validates a document against its bundle's compiled schema, then, if it passed and the bundle has them, against
 * its Schematron rules. The XSD pass streams the bytes straight through the JDK validator (no SAX hand-over, no
 * tree); element paths are worked out afterwards, for invalid documents only. The JDK validator collects each
 * element's text whole (and decodes Base64 whole), so a document with a text longer than {@link #FAST_PATH_TEXT}
 * bytes, or with long texts that add up to {@link #LONG_TEXTS}, is validated again through {@link LargeTextFilter},
 * which checks Base64 content and xs:string while they stream and refuses other text beyond
 * {@code hub.schemas.max-text-size}. Not well-formed input throws {@link MalformedXmlException}.
 */
@Component
public class SchemaValidator {

    /**
     * The longest text the fast path lets the JDK validator collect for one element: it allocates about 14 bytes per
     * character of it, so at most 7 MiB. Documents up to this size always take the fast path.
     */
    static final long FAST_PATH_TEXT = 512 * 1024;
    /** Texts longer than this count as long: the filtering path keeps them from the validator. */
    static final long LONG_TEXT = 16 * 1024;
    /**
     * Once the long texts of a document add up to this, it takes the filtering path: that pays where much of a
     * document is Base64 (one 200 KiB attachment in an invoice is checked faster by the validator itself).
     */
    static final long LONG_TEXTS = 1024 * 1024;

    private final long maxTextSize;
    private final long fastPathText;

    public SchemaValidator() {
        this(SchemaProperties.DEFAULT_MAX_TEXT_SIZE);
    }

    @Autowired
    public SchemaValidator(SchemaProperties properties) {
        this(properties.maxTextSize());
    }

    SchemaValidator(long maxTextSize) {
        this(maxTextSize, FAST_PATH_TEXT);
    }

    /** With {@code fastPathText} 0, every document takes the filtering path (tests compare the two). */
    SchemaValidator(long maxTextSize, long fastPathText) {
        this.maxTextSize = maxTextSize;
        this.fastPathText = Math.min(fastPathText, maxTextSize);
    }

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
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // The JDK's Xerces looks up its datatype factory through the context class loader for every document. On
        // a request thread that is the web application's loader and in the packaged jar Spring Boot's; both hold a
        // per-class lock while they delegate, and concurrent validations queued on it. The system loader finds
        // the same JDK class at once.
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        Collector collector;
        try {
            collector = streamed(document, bundle);
            if (collector == null) {
                collector = filtered(document, bundle);
            }
        } catch (LargeTextFilter.TextLimitExceeded e) {
            throw new MalformedXmlException(MalformedXmlException.Kind.LIMIT_EXCEEDED, e.getMessage(),
                    e.getLineNumber(), e.getColumnNumber());
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

    /**
     * The fast path: the bytes straight into the JDK validator, watched by {@link LongTextGuard} once the document
     * is large enough to hold too long a text. Returns null if it has one.
     */
    private Collector streamed(Content document, SchemaBundle bundle) throws SAXException, IOException {
        Collector collector = new Collector();
        Validator validator = bundle.schema().lend();
        try (InputStream in = document.open()) {
            validator.setErrorHandler(collector);
            boolean small = document.size() <= Math.min(fastPathText, LONG_TEXTS) && fastPathText > 0;
            validator.validate(new StreamSource(small ? in
                    : new LongTextGuard(in, fastPathText, Math.min(LONG_TEXT, fastPathText), LONG_TEXTS)));
        } catch (LongTextGuard.Found e) {
            return null;
        } catch (SAXException e) {
            if (e.getCause() instanceof LongTextGuard.Found || e.getException() instanceof LongTextGuard.Found) {
                return null;
            }
            throw e;
        }
        bundle.schema().giveBack(validator, document.size());
        return collector;
    }

    /** The path for documents with long texts: SAX through {@link LargeTextFilter} into a validator handler. */
    private Collector filtered(Content document, SchemaBundle bundle) throws SAXException, IOException {
        Collector collector = new Collector();
        try (InputStream in = document.open()) {
            ValidatorHandler handler = bundle.schema().newValidatorHandler();
            handler.setErrorHandler(collector);
            XMLReader reader = HardenedXml.newReader();
            reader.setContentHandler(new LargeTextFilter(handler, bundle.base64Types(), maxTextSize));
            reader.setErrorHandler(collector);
            reader.parse(new InputSource(in));
            return collector;
        }
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
