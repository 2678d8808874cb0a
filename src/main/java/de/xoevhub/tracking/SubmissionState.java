package de.xoevhub.tracking;

/** Where a submission stands. REJECTED, QUARANTINED, DELIVERED and FAILED are end states an admin can see. */
public enum SubmissionState {
    ACCEPTED, VALIDATED, ROUTED, DELIVERED, REJECTED, QUARANTINED, FAILED
}
