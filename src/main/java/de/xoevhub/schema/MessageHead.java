package de.xoevhub.schema;

/**
 * What the hub reads from the head of an XÖV message: root element, standard and version attributes, and the
 * Nachrichtenkopf fields used for routing and deduplication, and the profile (e.g. the XRechnung CustomizationID)
 * a bundle may declare. Fields the document lacks are null.
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
        String leser,
        String profile) {

    /** A head with nothing read: for submissions refused before their document was parsed. */
    public static final MessageHead NONE = new MessageHead(null, null, null, null, false, null, null, null, null, null);

    /** This head with the bundle's standard and version where the document does not state them. */
    public MessageHead withDefaults(String bundleStandard, String bundleVersion) {
        return new MessageHead(namespace, rootName, standard != null ? standard : bundleStandard,
                version != null ? version : bundleVersion, test, nachrichtenUUID, nachrichtentyp, autor, leser, profile);
    }

    /** The message type: the header's code, or the root element's name where the standard has no header. */
    public String messageType() {
        return nachrichtentyp != null ? nachrichtentyp : rootName;
    }
}
