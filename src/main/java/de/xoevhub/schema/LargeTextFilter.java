package de.xoevhub.schema;

import java.util.IdentityHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.validation.TypeInfoProvider;
import javax.xml.validation.ValidatorHandler;
import org.w3c.dom.TypeInfo;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Sits between the SAX parser and the XSD {@link ValidatorHandler} and keeps large text away from it: the validator
 * collects an element's text whole before it checks it. A handler after the validator reports each element's type,
 * so the filter knows it before the element's text arrives.
 * <ul>
 * <li>Base64 content ({@link Base64Types}) and xs:string itself ({@link PlainString}): checked here as it streams;
 * a value of up to {@value #HOLD} characters is passed on as it is, a larger one as a short stand-in, valid or
 * invalid as the original: the validator then reports what it would have reported, at the same place (the end
 * tag), quoting the stand-in.</li>
 * <li>Any other text: at most {@code maxText} characters per element (counted from its start tag to the next start
 * tag, as the validator collects); more is refused as {@link TextLimitExceeded}.</li>
 * </ul>
 */
final class LargeTextFilter extends XMLFilterImpl {

    /** Base64 values up to this many characters reach the validator unchanged. */
    static final int HOLD = 4_096;
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    /** Text beyond the limit: a parser limit, not a schema violation. */
    static final class TextLimitExceeded extends SAXParseException {
        TextLimitExceeded(String message, Locator locator) {
            super(message, locator);
        }
    }

    /** How the text of an element reaches the validator. */
    private enum Kind { BASE64, STRING, COLLECTED }

    private final Base64Types base64Types;
    private final long maxText;
    private final Map<TypeInfo, Kind> kinds = new IdentityHashMap<>();
    private final char[] held = new char[HOLD];
    private TypeInfo started;
    private Locator locator;
    private String element;
    private long sinceStart;
    private StreamedValue streamed;
    private int heldLength;
    private long seen;

    LargeTextFilter(ValidatorHandler validator, Base64Types base64Types, long maxText) {
        this.base64Types = base64Types;
        this.maxText = maxText;
        TypeInfoProvider types = validator.getTypeInfoProvider();
        validator.setContentHandler(new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                started = types.getElementTypeInfo();
            }
        });
        setContentHandler(validator);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
        super.setDocumentLocator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        finishStreamed();
        started = null;
        super.startElement(uri, localName, qName, atts);
        element = qName;
        sinceStart = 0;
        Kind kind = nil(atts) ? Kind.COLLECTED : kinds.computeIfAbsent(started, this::kind);
        if (kind != Kind.COLLECTED) {
            streamed = kind == Kind.BASE64 ? new Base64Lexical() : new PlainString();
            heldLength = 0;
            seen = 0;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (streamed != null) {
            streamed.feed(ch, start, length);
            if (seen + length <= HOLD) {
                System.arraycopy(ch, start, held, (int) seen, length);
                heldLength += length;
            }
            seen += length;
            return;
        }
        sinceStart += length;
        if (sinceStart > maxText) {
            throw new TextLimitExceeded("the text of element '" + element + "' is longer than " + maxText
                    + " characters (hub.schemas.max-text-size)", locator);
        }
        super.characters(ch, start, length);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        finishStreamed();
        super.endElement(uri, localName, qName);
    }

    /** Hands the validator the streamed value seen so far, or its stand-in. */
    private void finishStreamed() throws SAXException {
        if (streamed == null) {
            return;
        }
        StreamedValue value = streamed;
        streamed = null;
        if (seen <= HOLD) {
            super.characters(held, 0, heldLength);
            sinceStart += heldLength;
            return;
        }
        String problem = value.problem();
        String standIn = problem == null ? value.standIn()
                : "invalid Base64 (" + problem + "; " + seen + " characters)";
        sinceStart += standIn.length();
        super.characters(standIn.toCharArray(), 0, standIn.length());
    }

    private Kind kind(TypeInfo type) {
        if (base64Types.substitutable(type)) {
            return Kind.BASE64;
        }
        boolean string = type != null && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(type.getTypeNamespace())
                && "string".equals(type.getTypeName());
        return string ? Kind.STRING : Kind.COLLECTED;
    }

    private static boolean nil(Attributes atts) {
        String nil = atts.getValue(XSI, "nil");
        return nil != null && (nil.strip().equals("true") || nil.strip().equals("1"));
    }
}
