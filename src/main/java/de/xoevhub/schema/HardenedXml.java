package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The one hardened parser configuration of the hub. JDK defaults read local files through XXE and accept
 * unbounded nesting, so every instance document is parsed through here: no DOCTYPE, secure processing,
 * no external access, and limits on depth, names and attributes.
 */
public final class HardenedXml {

    public static final int MAX_ELEMENT_DEPTH = 256;
    static final int MAX_NAME_LENGTH = 1_000;
    static final int MAX_ATTRIBUTES = 256;

    private static final SAXParserFactory SAX = saxFactory();
    private static final XMLInputFactory STAX = staxFactory();

    private HardenedXml() {
    }

    /** A new namespace-aware SAX reader; readers are not thread-safe, the factory is. */
    public static XMLReader newReader() {
        try {
            var parser = SAX.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
            parser.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(MAX_NAME_LENGTH));
            parser.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
            XMLReader reader = parser.getXMLReader();
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /** Refuses a document whose prolog has a DOCTYPE; reads only up to the root element. */
    static void refuseDoctype(Content document) {
        try (InputStream in = document.open()) {
            XMLStreamReader r = STAX.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new MalformedXmlException(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN,
                                "DOCTYPE is not allowed", r.getLocation().getLineNumber(),
                                r.getLocation().getColumnNumber());
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        return;
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            var loc = e.getLocation();
            throw MalformedXmlException.classify(e.getMessage(), loc == null ? -1 : loc.getLineNumber(),
                    loc == null ? -1 : loc.getColumnNumber());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static XMLInputFactory stax() {
        return STAX;
    }

    private static SAXParserFactory saxFactory() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    private static XMLInputFactory staxFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
        f.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(MAX_NAME_LENGTH));
        f.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
        return f;
    }
}
