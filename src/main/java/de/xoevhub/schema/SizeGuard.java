package de.xoevhub.schema;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Limits what the JDK parser does not: the length of one attribute value and of the text of one element. The
 * text limit leaves room for Base64 attachments inside a message; names, depth and attribute counts are limited
 * by the parser itself (see {@link HardenedXml}).
 */
final class SizeGuard extends XMLFilterImpl {

    static final int MAX_ATTRIBUTE_VALUE = 64 * 1024;
    static final long MAX_TEXT = 48L * 1024 * 1024;

    private Locator locator;
    private long text;

    SizeGuard(ContentHandler next) {
        setContentHandler(next);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
        super.setDocumentLocator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        for (int i = 0; i < atts.getLength(); i++) {
            if (atts.getValue(i).length() > MAX_ATTRIBUTE_VALUE) {
                throw refused("attribute '" + atts.getQName(i) + "' is longer than " + MAX_ATTRIBUTE_VALUE
                        + " characters");
            }
        }
        text = 0;
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        text = 0;
        super.endElement(uri, localName, qName);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        text += length;
        if (text > MAX_TEXT) {
            throw refused("the text of one element is longer than " + MAX_TEXT + " characters");
        }
        super.characters(ch, start, length);
    }

    private MalformedXmlException refused(String message) {
        return new MalformedXmlException(MalformedXmlException.Kind.LIMIT_EXCEEDED, message,
                locator == null ? -1 : locator.getLineNumber(), locator == null ? -1 : locator.getColumnNumber());
    }
}
