package de.xoevhub.schema;

import java.nio.file.Path;
import javax.xml.validation.Schema;

/** An installed, compiled schema bundle: one version of one standard, matched by root namespace and version. */
public record SchemaBundle(String id, String standard, String version, String namespace, Path descriptor,
                           Schema schema) {

    boolean matches(MessageHead head) {
        if (!namespace.equals(head.namespace())) {
            return false;
        }
        if (head.standard() != null && standard != null && !standard.equalsIgnoreCase(head.standard())) {
            return false;
        }
        return head.version() == null || version.equals(head.version());
    }
}
