package de.xoevhub.delivery;

/** Names of the message properties and Camel headers the pipeline reads and writes. */
final class PipelineHeaders {

    static final String HUB_MESSAGE_ID = "hubMessageId";
    static final String TENANT = "tenant";
    static final String STANDARD = "standard";
    static final String VERSION = "version";
    static final String NACHRICHTENTYP = "nachrichtentyp";
    static final String LESER = "leser";
    static final String AUTOR = "autor";
    /** Set by the router: whether any rule matched. */
    static final String ROUTABLE = "hubRoutable";
    /** Set by the router: the destination ids the message goes to. */
    static final String DESTINATIONS = "hubDestinations";
    /** Set per handover: the destination of this copy. */
    static final String DESTINATION = "hubDestination";
    /** Why a message was quarantined or dead-lettered. */
    static final String REASON = "hubReason";
    /** Artemis duplicate detection id. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Exchange property holding the payload while the splitter walks the destinations. */
    static final String PAYLOAD = "hubPayload";

    private PipelineHeaders() {
    }
}
