package de.xoevhub.schema;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.springframework.stereotype.Component;

/**
 * Reads the {@link MessageHead} with StAX from the start of a document and stops after the Nachrichtenkopf,
 * so the body is never read here. xsi:schemaLocation is ignored on purpose: in practice it is junk.
 */
@Component
public class HeadReader {

    private static final String KOPF = "nachrichtenkopf.g2g";
    /** Longer header values are refused: they fit no ledger column and are no plausible key. */
    static final int MAX_FIELD_LENGTH = 200;

    public MessageHead read(byte[] document) {
        XMLStreamReader r = null;
        try {
            r = HardenedXml.stax().createXMLStreamReader(new ByteArrayInputStream(document));
            return read(r);
        } catch (XMLStreamException e) {
            var loc = e.getLocation();
            throw MalformedXmlException.classify(e.getMessage(), loc == null ? -1 : loc.getLineNumber(),
                    loc == null ? -1 : loc.getColumnNumber());
        } finally {
            close(r);
        }
    }

    private MessageHead read(XMLStreamReader r) throws XMLStreamException {
        Fields f = new Fields();
        Deque<String> path = new ArrayDeque<>();
        boolean kopfSeen = false;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) {
                throw new MalformedXmlException(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN,
                        "DOCTYPE is not allowed", r.getLocation().getLineNumber(),
                        r.getLocation().getColumnNumber());
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                if (path.isEmpty()) {
                    f.root(r);
                } else if (path.size() == 1) {
                    if (kopfSeen || !KOPF.equals(name)) {
                        break;
                    }
                    kopfSeen = true;
                }
                path.push(name);
                if (path.size() > HardenedXml.MAX_ELEMENT_DEPTH) {
                    throw new MalformedXmlException(MalformedXmlException.Kind.LIMIT_EXCEEDED,
                            "element depth exceeds " + HardenedXml.MAX_ELEMENT_DEPTH,
                            r.getLocation().getLineNumber(), r.getLocation().getColumnNumber());
                }
                f.element(path, r);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                path.pop();
                if (path.size() == 1 && kopfSeen) {
                    break;
                }
                if (path.isEmpty()) {
                    break;
                }
            }
        }
        if (f.rootName == null) {
            throw new MalformedXmlException(MalformedXmlException.Kind.MALFORMED, "no root element", 1, 1);
        }
        return f.head();
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing to release beyond the byte array
            }
        }
    }

    /** Collects the header fields while the reader walks the Nachrichtenkopf. */
    private static final class Fields {
        String namespace;
        String rootName;
        String standard;
        String version;
        boolean test;
        String uuid;
        String typ;
        String autor;
        String leser;

        void root(XMLStreamReader r) {
            namespace = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
            if (namespace.length() > 1000) {
                throw new MalformedXmlException(MalformedXmlException.Kind.LIMIT_EXCEEDED,
                        "root namespace longer than 1000 characters", -1, -1);
            }
            rootName = r.getLocalName();
            standard = blankToNull(r.getAttributeValue(null, "standard"));
            version = blankToNull(r.getAttributeValue(null, "version"));
            String flag = r.getAttributeValue(null, "test");
            test = flag != null && (flag.strip().equals("true") || flag.strip().equals("1"));
        }

        void element(Deque<String> path, XMLStreamReader r) throws XMLStreamException {
            if (path.size() < 3) {
                return;
            }
            String name = path.peek();
            String parent = parentOf(path);
            if ("nachrichtenUUID".equals(name) && "identifikation.nachricht".equals(parent)) {
                uuid = blankToNull(r.getElementText());
                path.pop();
            } else if ("code".equals(name) && "nachrichtentyp".equals(parent)) {
                typ = blankToNull(r.getElementText());
                path.pop();
            } else if ("kennung".equals(name) && "leser".equals(parent) && path.size() == 4) {
                leser = blankToNull(r.getElementText());
                path.pop();
            } else if ("kennung".equals(name) && "autor".equals(parent) && path.size() == 4) {
                autor = blankToNull(r.getElementText());
                path.pop();
            }
        }

        private static String parentOf(Deque<String> path) {
            var it = path.iterator();
            it.next();
            return it.next();
        }

        MessageHead head() {
            return new MessageHead(namespace, rootName, standard, version, test, uuid, typ, autor, leser);
        }

        private static String blankToNull(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            String value = s.strip();
            if (value.length() > MAX_FIELD_LENGTH) {
                throw new MalformedXmlException(MalformedXmlException.Kind.LIMIT_EXCEEDED, "a header field ("
                        + value.substring(0, 20) + "…) is longer than " + MAX_FIELD_LENGTH + " characters", -1, -1);
            }
            return value;
        }
    }
}
