package de.xoevhub.delivery;

/**
 * Names of the message properties and Camel headers the pipeline reads and writes, and of the exchange properties
 * it keeps to itself (they never reach a Fachverfahren).
 */
final class PipelineHeaders {

    static final String HUB_MESSAGE_ID = "hubMessageId";
    static final String TENANT = "tenant";
    static final String STANDARD = "standard";
    static final String VERSION = "version";
    static final String NACHRICHTENTYP = "nachrichtentyp";
    static final String LESER = "leser";
    static final String AUTOR = "autor";
    /** Exchange property set by the router: whether any rule matched. */
    static final String ROUTABLE = "hubRoutable";
    /** Exchange property set by the router: the destination ids the message goes to. */
    static final String DESTINATIONS = "hubDestinations";
    /** Exchange property set by the router: how many destinations (the loop count). */
    static final String DESTINATION_COUNT = "hubDestinationCount";
    /** Exchange property per round of the destination loop: queue or sftp. */
    static final String DESTINATION_TYPE = "hubDestinationType";
    /** Set per handover: the destination of this copy. */
    static final String DESTINATION = "hubDestination";
    /** The file an SFTP or DMS destination's copy is written as. */
    static final String FILE_NAME = "hubFileName";
    /** Why a message was quarantined or dead-lettered. */
    static final String REASON = "hubReason";
    /** Set when the message is a submission container (docs/container.md): its format. */
    static final String CONTAINER = "hubContainer";
    /** Artemis duplicate detection id. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** How the delivered copy is sealed: aes-256-gcm, aes-256-cbc or off. */
    static final String SEAL = "hubSeal";
    /** Exchange property holding the accepted message while each destination gets its sealed copy. */
    static final String PAYLOAD = "hubPayload";
    /** Exchange property: per destination, how its copy was sealed (for the Laufzettel). */
    static final String SEALS = "hubSeals";
    /** Exchange property holding the Laufzettel entries of this pass that are not written yet. */
    static final String LAUFZETTEL = "hubLaufzettel";
    /** Exchange property: the message is a second copy of one delivered before (DuplicateCopies). */
    static final String DUPLICATE_COPY = "hubDuplicateCopy";

    private PipelineHeaders() {
    }
}
