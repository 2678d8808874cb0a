package de.xoevhub.schema;

/** No installed bundle matches the document's root namespace, standard and version. */
public class UnknownStandardException extends RuntimeException {

    private final MessageHead head;

    public UnknownStandardException(MessageHead head) {
        super("no schema bundle for namespace '" + head.namespace() + "'"
                + (head.standard() == null ? "" : ", standard '" + head.standard() + "'")
                + ", version '" + (head.version() == null ? "(none)" : head.version()) + "'");
        this.head = head;
    }

    public MessageHead head() {
        return head;
    }
}
