package de.xoevhub.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.TypeInfo;

/**
 * Which element types of a bundle hold Base64 content whose only constraint is its lexical form, so that the
 * validator may see a short stand-in instead of a large value without changing its verdict. That holds for
 * xs:base64Binary itself and for types derived from it by extension or by restrictions without facets (UBL's
 * BinaryObjectType, the demo's anlage). The JDK's {@link TypeInfo#isDerivedFrom} cannot tell whether a restriction
 * step on the way added facets (length, pattern, enumeration, ...), so the bundle's schema documents are read: if any
 * restriction with facets derives from base64Binary, only xs:base64Binary itself is substituted in that bundle.
 */
public final class Base64Types {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final QName BASE64 = new QName(XS, "base64Binary");
    private static final Set<String> NOT_FACETS = Set.of("annotation", "attribute", "attributeGroup", "anyAttribute",
            "simpleType");

    /** Only xs:base64Binary itself: for bundles that restrict Base64 content with facets, or were not read. */
    static final Base64Types EXACT = new Base64Types(false);

    private final boolean derived;

    private Base64Types(boolean derived) {
        this.derived = derived;
    }

    /** Whether a value of this type may be checked lexically and replaced by a stand-in. */
    boolean substitutable(TypeInfo type) {
        if (type == null) {
            return false;
        }
        if (XS.equals(type.getTypeNamespace()) && "base64Binary".equals(type.getTypeName())) {
            return true;
        }
        return derived && type.isDerivedFrom(XS, "base64Binary",
                TypeInfo.DERIVATION_RESTRICTION | TypeInfo.DERIVATION_EXTENSION);
    }

    boolean derivedTypesToo() {
        return derived;
    }

    /** Reads the schema documents of a bundle (every document the compiler loaded). */
    static Base64Types of(Collection<URI> documents) throws IOException {
        Map<QName, QName> bases = new HashMap<>();
        List<QName> restrictedWithFacets = new ArrayList<>();
        for (URI document : documents) {
            read(document, bases, restrictedWithFacets);
        }
        Set<QName> family = new HashSet<>(Set.of(BASE64));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var type : bases.entrySet()) {
                if (family.contains(type.getValue()) && family.add(type.getKey())) {
                    grew = true;
                }
            }
        }
        boolean facets = restrictedWithFacets.stream().anyMatch(family::contains);
        return facets ? EXACT : new Base64Types(true);
    }

    private static void read(URI document, Map<QName, QName> bases, List<QName> restrictedWithFacets)
            throws IOException {
        try (InputStream in = document.toURL().openStream()) {
            XMLStreamReader r = HardenedXml.stax().createXMLStreamReader(in);
            String targetNamespace = "";
            Deque<QName> namedTypes = new ArrayDeque<>();
            Deque<Restriction> restrictions = new ArrayDeque<>();
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
                if (event == XMLStreamConstants.START_ELEMENT && XS.equals(r.getNamespaceURI())) {
                    String name = r.getLocalName();
                    if ("schema".equals(name)) {
                        String tns = r.getAttributeValue(null, "targetNamespace");
                        targetNamespace = tns == null ? "" : tns;
                    }
                    if (!restrictions.isEmpty() && restrictions.peek().depth + 1 == depth
                            && !NOT_FACETS.contains(name)) {
                        restrictions.peek().facets = true;
                    }
                    if ("simpleType".equals(name) || "complexType".equals(name)) {
                        String typeName = r.getAttributeValue(null, "name");
                        // anonymous types have no name to derive from; they still count for facets below
                        namedTypes.push(typeName == null ? new QName("") : new QName(targetNamespace, typeName));
                    } else if ("restriction".equals(name) || "extension".equals(name)) {
                        QName base = qname(r, r.getAttributeValue(null, "base"));
                        if (base != null && !namedTypes.isEmpty() && !namedTypes.peek().getLocalPart().isEmpty()) {
                            bases.putIfAbsent(namedTypes.peek(), base);
                        }
                        if ("restriction".equals(name)) {
                            restrictions.push(new Restriction(base, depth));
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && XS.equals(r.getNamespaceURI())) {
                    String name = r.getLocalName();
                    if ("simpleType".equals(name) || "complexType".equals(name)) {
                        namedTypes.pop();
                    } else if ("restriction".equals(name)) {
                        Restriction done = restrictions.pop();
                        if (done.facets) {
                            // a restriction without base restricts its inline simple type: conservatively, any base
                            restrictedWithFacets.add(done.base == null ? BASE64 : done.base);
                        }
                    }
                }
            }
            r.close();
        } catch (XMLStreamException e) {
            throw new IOException(document + ": " + e.getMessage(), e);
        }
    }

    private static QName qname(XMLStreamReader r, String value) {
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? "" : value.substring(0, colon);
        String namespace = r.getNamespaceContext().getNamespaceURI(prefix);
        return new QName(namespace == null ? "" : namespace, value.substring(colon + 1));
    }

    /** A restriction being read: its base and its nesting level in the document. */
    private static final class Restriction {
        final QName base;
        final int depth;
        boolean facets;

        Restriction(QName base, int depth) {
            this.base = base;
            this.depth = depth;
        }
    }
}
