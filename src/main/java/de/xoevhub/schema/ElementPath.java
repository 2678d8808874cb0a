package de.xoevhub.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Passes SAX events on to the validator while keeping the current element path with positions, e.g.
 * {@code /antrag/antragsteller[2]/name}, so each violation can say where it is.
 */
final class ElementPath extends XMLFilterImpl {

    private final List<String> steps = new ArrayList<>();
    private final List<Map<String, Integer>> siblings = new ArrayList<>();

    ElementPath(ContentHandler next) {
        setContentHandler(next);
        siblings.add(new HashMap<>());
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        super.setDocumentLocator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        int n = siblings.get(siblings.size() - 1).merge(localName, 1, Integer::sum);
        steps.add(n == 1 ? localName : localName + "[" + n + "]");
        siblings.add(new HashMap<>());
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        super.endElement(uri, localName, qName);
        steps.remove(steps.size() - 1);
        siblings.remove(siblings.size() - 1);
    }

    String current() {
        return "/" + String.join("/", steps);
    }
}
