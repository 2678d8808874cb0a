package de.xoevhub.admin;

import de.xoevhub.delivery.SftpHandover;
import de.xoevhub.intake.Inbox;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Whether a parked message is the pipeline's own copy of the submission its {@code hubMessageId} names. Its
 * properties are not proof: a message can reach a parking queue from elsewhere (before DLQ.hub.receipts existed, a
 * Fachverfahren's receipt that failed on hub.receipts went to hub.dlq with every property its sender chose). So a
 * dead letter must come from the pipeline's queues, and its tenant must be the one the ledger has for that id.
 */
final class ParkedOrigin {

    private static final String HANDOVER_PREFIX = SftpHandover.QUEUE_PREFIX;

    private ParkedOrigin() {
    }

    /**
     * Why {@code m} is not the parked copy of the submission of tenant {@code ledgerTenant} (null: the ledger does
     * not know the id), or null when it is.
     */
    static String doubt(Message m, ParkedMessages.Place place, String ledgerTenant) throws JMSException {
        if (place == ParkedMessages.Place.DLQ) {
            String origin = m.getStringProperty("_AMQ_ORIG_ADDRESS");
            if (!Inbox.ADDRESS.equals(origin) && (origin == null || !origin.startsWith(HANDOVER_PREFIX))) {
                return "it did not come from the pipeline (" + Inbox.ADDRESS + " or " + HANDOVER_PREFIX
                        + "*) but from " + (origin == null ? "an unknown address" : origin);
            }
        }
        if (ledgerTenant != null && !ledgerTenant.equals(m.getStringProperty("tenant"))) {
            return "its tenant property is not the tenant of the submission with this id";
        }
        return null;
    }
}
