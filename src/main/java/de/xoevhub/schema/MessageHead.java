package de.xoevhub.schema;

/**
 * What the hub reads from the head of an XÖV message: root element, standard and version attributes, and the
 * Nachrichtenkopf fields used for routing and deduplication. Fields the document lacks are null.
 */
public record MessageHead(
        String namespace,
        String rootName,
        String standard,
        String version,
        boolean test,
        String nachrichtenUUID,
        String nachrichtentyp,
        String autor,
        String leser) {

    /** This head with the bundle's standard and version where the document does not state them. */
    public MessageHead withDefaults(String bundleStandard, String bundleVersion) {
        return new MessageHead(namespace, rootName, standard != null ? standard : bundleStandard,
                version != null ? version : bundleVersion, test, nachrichtenUUID, nachrichtentyp, autor, leser);
    }

    /** The message type: the header's code, or the root element's name where the standard has no header. */
    public String messageType() {
        return nachrichtentyp != null ? nachrichtentyp : rootName;
    }
}
