package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.springframework.stereotype.Component;

/**
 * Reads the {@link MessageHead} with StAX: the root element's namespace and standard/version attributes, then the
 * routing keys at the paths the bundle declares (by default the XÖV Nachrichtenkopf). It stops as soon as every key
 * is found or can no longer occur, so the body of a message is usually never read here. xsi:schemaLocation is
 * ignored on purpose: in practice it is junk.
 */
@Component
public class HeadReader {

    /** Longer header values are refused: they fit no ledger column and are no plausible key. */
    static final int MAX_FIELD_LENGTH = 200;

    /** The root facts only: enough to choose the bundle. */
    public MessageHead root(byte[] document) {
        return read(document, new MessageKeys(Map.of()));
    }

    /** The root facts and the XÖV Nachrichtenkopf. */
    public MessageHead read(byte[] document) {
        return read(document, MessageKeys.XOEV);
    }

    public MessageHead read(byte[] document, MessageKeys keys) {
        return read(document, root -> keys);
    }

    /**
     * The root facts and the keys that {@code keysForRoot} names once it has seen the root facts, in one pass: the
     * caller chooses the bundle from the root, and the bundle says where its keys are.
     */
    public MessageHead read(byte[] document, Function<MessageHead, MessageKeys> keysForRoot) {
        return read(Content.of(document), keysForRoot);
    }

    public MessageHead read(Content document, Function<MessageHead, MessageKeys> keysForRoot) {
        XMLStreamReader r = null;
        try (InputStream in = document.open()) {
            r = HardenedXml.stax().createXMLStreamReader(in);
            return new Walk(r, keysForRoot).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            var loc = e.getLocation();
            throw MalformedXmlException.classify(e.getMessage(), loc == null ? -1 : loc.getLineNumber(),
                    loc == null ? -1 : loc.getColumnNumber());
        } finally {
            close(r);
        }
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

    /** One pass over the document, collecting the first value of each key. */
    private static final class Walk {
        private final XMLStreamReader r;
        private final Function<MessageHead, MessageKeys> keysForRoot;
        private final Map<String, KeyPath> pending = new HashMap<>();
        private final Map<String, String> values = new HashMap<>();
        private final Set<String> closed = new HashSet<>();
        private final Deque<QName> open = new ArrayDeque<>();
        private String namespace;
        private String rootName;
        private String standard;
        private String version;

        Walk(XMLStreamReader r, Function<MessageHead, MessageKeys> keysForRoot) {
            this.r = r;
            this.keysForRoot = keysForRoot;
        }

        MessageHead run() throws XMLStreamException {
            while (r.hasNext() && (rootName == null || !pending.isEmpty())) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw limit(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN, "DOCTYPE is not allowed");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    start();
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    ended();
                }
            }
            if (rootName == null) {
                throw new MalformedXmlException(MalformedXmlException.Kind.MALFORMED, "no root element", 1, 1);
            }
            String flag = values.get(MessageKeys.TEST);
            boolean test = flag != null && (flag.equals("true") || flag.equals("1"));
            return head(test);
        }

        private MessageHead head(boolean test) {
            return new MessageHead(namespace, rootName, standard, version, test, values.get(MessageKeys.NACHRICHTEN_UUID),
                    values.get(MessageKeys.NACHRICHTENTYP), values.get(MessageKeys.AUTOR), values.get(MessageKeys.LESER),
                    values.get(MessageKeys.PROFILE));
        }

        private void start() throws XMLStreamException {
            open.push(new QName(r.getNamespaceURI() == null ? "" : r.getNamespaceURI(), r.getLocalName()));
            if (open.size() > HardenedXml.MAX_ELEMENT_DEPTH) {
                throw limit(MalformedXmlException.Kind.LIMIT_EXCEEDED,
                        "element depth exceeds " + HardenedXml.MAX_ELEMENT_DEPTH);
            }
            if (open.size() == 1) {
                namespace = open.peek().getNamespaceURI();
                if (namespace.length() > 1000) {
                    throw limit(MalformedXmlException.Kind.LIMIT_EXCEEDED, "root namespace longer than 1000 characters");
                }
                rootName = r.getLocalName();
                standard = value(r.getAttributeValue(null, "standard"));
                version = value(r.getAttributeValue(null, "version"));
                pending.putAll(keysForRoot.apply(head(false)).paths());
            }
            String text = null;
            for (var it = new HashMap<>(pending).entrySet().iterator(); it.hasNext(); ) {
                var key = it.next();
                if (!key.getValue().matches(open)) {
                    continue;
                }
                String found;
                if (key.getValue().attribute() != null) {
                    found = r.getAttributeValue(null, key.getValue().attribute());
                } else {
                    text = text != null ? text : text();
                    found = text;
                }
                found = value(found);
                if (found != null) {
                    values.put(key.getKey(), found);
                    pending.remove(key.getKey());
                }
            }
            if (open.size() == 1) {
                pending.values().removeIf(KeyPath::onRoot);
            }
        }

        /** The text of a simple element; reading it consumes the element, so its end is accounted here. */
        private String text() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth-- == 0) {
                        break;
                    }
                } else if (depth == 0 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                    if (text.length() <= MAX_FIELD_LENGTH) {
                        text.append(r.getText());
                    }
                }
            }
            ended();
            return text.toString();
        }

        private void ended() {
            QName element = open.pop();
            if (open.size() == 1) {
                // a child of the root has ended: keys in its subtree that were not found cannot occur any more
                pending.values().removeIf(key -> key.settledBy(element));
            }
        }

        private MalformedXmlException limit(MalformedXmlException.Kind kind, String message) {
            return new MalformedXmlException(kind, message, r.getLocation().getLineNumber(),
                    r.getLocation().getColumnNumber());
        }

        private static String value(String s) {
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
