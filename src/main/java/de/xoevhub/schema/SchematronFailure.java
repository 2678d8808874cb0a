package de.xoevhub.schema;

/**
 * A Schematron that raised an error while evaluating a document (an XPath type error on a value its XSD allows, a
 * file outside its fence), rather than reporting a finding. It depends on the document and the bundle, so a retry
 * fails alike: the intake refuses the document with this, not with an internal error. {@link #summary} names the
 * Schematron and the XPath error code only, for the Laufzettel, the portal and the log; the message adds Saxon's
 * text, which may quote the document.
 */
public class SchematronFailure extends RuntimeException {

    private final String summary;

    public SchematronFailure(String summary, Throwable cause) {
        super(summary + ": " + cause.getMessage(), cause);
        this.summary = summary;
    }

    /** The Schematron and the XPath error code, without anything of the document. */
    public String summary() {
        return summary;
    }
}
