package de.xoevhub.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.validation.ValidatorHandler;
import org.springframework.stereotype.Component;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Validates a document against its bundle's compiled schema in one streaming pass through the hardened parser,
 * collecting every violation with line, column and element path, then, if it passed and the bundle has them,
 * against its Schematron rules. Not well-formed input throws {@link MalformedXmlException}.
 */
@Component
public class SchemaValidator {

    /** Validates a document of the given profile (which selects the bundle's Schematron levels; may be null). */
    public ValidationReport validate(byte[] document, SchemaBundle bundle, String profile) {
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
        ValidatorHandler validator = bundle.schema().newValidatorHandler();
        ElementPath path = new ElementPath(validator);
        Collector collector = new Collector(path);
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setResourceResolver((type, ns, publicId, systemId, base) -> new LocalInput(publicId,
                    systemId, base, null, "<!-- refused -->"));
            validator.setErrorHandler(collector);
            XMLReader reader = HardenedXml.newReader();
            reader.setContentHandler(new SizeGuard(path));
            reader.setErrorHandler(collector);
            reader.parse(new InputSource(new ByteArrayInputStream(document)));
        } catch (SAXParseException e) {
            throw MalformedXmlException.classify(e.getMessage(), e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException | IOException e) {
            throw MalformedXmlException.classify(e.getMessage(), -1, -1);
        }
        return new ValidationReport(bundle.id(), collector.violations, collector.count, List.of());
    }

    /** Collects validation errors; fatal errors end the parse. */
    private static final class Collector implements ErrorHandler {
        private final ElementPath path;
        private final List<Violation> violations = new ArrayList<>();
        private int count;

        Collector(ElementPath path) {
            this.path = path;
        }

        @Override
        public void warning(SAXParseException e) {
            // schema warnings on instances do not make a message invalid
        }

        @Override
        public void error(SAXParseException e) {
            count++;
            if (violations.size() < ValidationReport.MAX_VIOLATIONS) {
                violations.add(new Violation(e.getLineNumber(), e.getColumnNumber(), path.current(),
                        e.getMessage()));
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
