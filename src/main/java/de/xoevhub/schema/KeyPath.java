package de.xoevhub.schema;

import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * One routing key's location in a message: the streaming subset of XPath the hub evaluates without building a
 * tree. Child steps from the root ({@code /*}{@code /p:a/p:b}), or from anywhere with a leading {@code //};
 * a step is {@code prefix:name}, {@code name} (no namespace), {@code *:name} (any namespace) or {@code *}; an
 * optional last step {@code @attr} selects an attribute instead of the element's text.
 */
public final class KeyPath {

    private static final String ANY = "*";

    private final String expression;
    private final boolean anywhere;
    private final List<QName> steps;
    private final String attribute;

    private KeyPath(String expression, boolean anywhere, List<QName> steps, String attribute) {
        this.expression = expression;
        this.anywhere = anywhere;
        this.steps = steps;
        this.attribute = attribute;
    }

    /** Parses an expression; prefixes must be declared in {@code namespaces}. */
    public static KeyPath parse(String expression, Map<String, String> namespaces) {
        String e = expression.strip();
        boolean anywhere = e.startsWith("//");
        if (!e.startsWith("/")) {
            throw new IllegalArgumentException("key path must start with / or //: " + expression);
        }
        String[] parts = e.substring(anywhere ? 2 : 1).split("/");
        List<QName> steps = new ArrayList<>();
        String attribute = null;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("@") && i == parts.length - 1) {
                attribute = part.substring(1);
            } else if (part.isEmpty() || part.startsWith("@") || part.contains("[") || part.contains("(")) {
                throw new IllegalArgumentException("unsupported step '" + part + "' in key path " + expression);
            } else {
                steps.add(step(part, namespaces, expression));
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("key path names no element: " + expression);
        }
        return new KeyPath(expression, anywhere, List.copyOf(steps), attribute);
    }

    private static QName step(String part, Map<String, String> namespaces, String expression) {
        int colon = part.indexOf(':');
        if (colon < 0) {
            return new QName(part.equals(ANY) ? ANY : "", part);
        }
        String prefix = part.substring(0, colon);
        String local = part.substring(colon + 1);
        if (prefix.equals(ANY)) {
            return new QName(ANY, local);
        }
        String uri = namespaces.get(prefix);
        if (uri == null) {
            throw new IllegalArgumentException("undeclared prefix '" + prefix + "' in key path " + expression);
        }
        return new QName(uri, local);
    }

    /** True if the open elements (innermost first) are this path's element. */
    boolean matches(Deque<QName> open) {
        if (anywhere ? open.size() < steps.size() : open.size() != steps.size()) {
            return false;
        }
        Iterator<QName> element = open.iterator();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (!matches(steps.get(i), element.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(QName step, QName element) {
        boolean anyName = step.getLocalPart().equals(ANY);
        boolean anyNamespace = step.getNamespaceURI().equals(ANY);
        return (anyName || step.getLocalPart().equals(element.getLocalPart()))
                && (anyNamespace || step.getNamespaceURI().equals(element.getNamespaceURI()));
    }

    /** True if this path from the root lies in the subtree of {@code rootChild}, which has ended. */
    boolean settledBy(QName rootChild) {
        return !anywhere && steps.size() >= 2 && matches(steps.get(1), rootChild);
    }

    /** True if this path names the root element itself: it is settled once the root has started. */
    boolean onRoot() {
        return !anywhere && steps.size() == 1;
    }

    String attribute() {
        return attribute;
    }

    @Override
    public String toString() {
        return expression;
    }
}
