package de.xoevhub.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * An installed, compiled schema bundle: one version of one standard, matched by root namespace and the
 * standard/version attributes. Its Schematron rules run after a document passed the XSD. {@code messageTypes}
 * are the global elements its XSDs declare; {@code base64Types} says which of its types hold plain Base64 content.
 */
public record SchemaBundle(String id, String standard, String version, List<String> namespaces, Path descriptor,
                           CompiledSchema schema, List<Schematron> schematrons, List<SchematronLevel> levels,
                           MessageKeys keys, List<String> messageTypes, Base64Types base64Types) {

    boolean matches(MessageHead head) {
        if (!namespaces.contains(head.namespace())) {
            return false;
        }
        if (head.standard() != null && standard != null && !standard.equalsIgnoreCase(head.standard())) {
            return false;
        }
        return head.version() == null || version.equals(head.version());
    }
}
