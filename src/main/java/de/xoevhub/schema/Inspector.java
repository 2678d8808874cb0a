package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import org.springframework.stereotype.Component;

/**
 * Inspects a document the way every intake channel and the admin dry-run do: root facts, the matching bundle,
 * the routing keys at that bundle's paths, and the full validation report.
 */
@Component
public class Inspector {

    /** What the hub learned about a document. The head carries the bundle's standard and version as defaults. */
    public record Inspection(MessageHead head, SchemaBundle bundle, ValidationReport report) {
    }

    private final HeadReader heads;
    private final SchemaRegistry registry;
    private final SchemaValidator validator;

    public Inspector(HeadReader heads, SchemaRegistry registry, SchemaValidator validator) {
        this.heads = heads;
        this.registry = registry;
        this.validator = validator;
    }

    /**
     * @throws MalformedXmlException    if the document is not well-formed or breaks a parser limit
     * @throws UnknownStandardException if no installed bundle matches it
     */
    public Inspection inspect(byte[] document) {
        return inspect(Content.of(document));
    }

    /** The same for content that may be spooled: it is read as a stream, once per pass. */
    public Inspection inspect(Content document) {
        SchemaBundle[] bundle = new SchemaBundle[1];
        MessageHead head = heads.read(document, root -> (bundle[0] = registry.bundleFor(root)).keys());
        head = head.withDefaults(bundle[0].standard(), bundle[0].version());
        return new Inspection(head, bundle[0], validator.validate(document, bundle[0], head.profile()));
    }
}
