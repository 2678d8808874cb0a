package de.xoevhub.tracking;

/**
 * Where a submission stands. REJECTED, QUARANTINED, DELIVERED, FAILED, ACKNOWLEDGED and REJECTED_BY_RECIPIENT are
 * states an admin or portal can act on; a delivered message becomes ACKNOWLEDGED or REJECTED_BY_RECIPIENT when its
 * Fachverfahren answers.
 */
public enum SubmissionState {
    ACCEPTED, VALIDATED, ROUTED, DELIVERED, REJECTED, QUARANTINED, FAILED, ACKNOWLEDGED, REJECTED_BY_RECIPIENT,
    /** Taken off the quarantine or the dead-letter queue by an admin, with a reason in the audit log. */
    DISCARDED;

    /**
     * Whether a pipeline pass of the message is complete in the ledger, so some recipient may have it: ROUTED too, as a
     * message with SFTP destinations stays ROUTED until its last upload is done while its queue destinations have it
     * since the pass.
     */
    public boolean handedOver() {
        return this == ROUTED || this == DELIVERED || this == ACKNOWLEDGED || this == REJECTED_BY_RECIPIENT;
    }
}
