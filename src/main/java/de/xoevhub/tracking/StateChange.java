package de.xoevhub.tracking;

import java.time.Instant;

/**
 * A submission was recorded in a state (ACCEPTED or REJECTED when it arrives) or moved to a new one; told to every
 * {@link Listener} inside the ledger's transaction.
 */
public record StateChange(String submissionId, String tenant, String portal, String standard, String nachrichtenUUID,
                          SubmissionState state, String reason, Instant receivedAt, Instant at) {

    /** Listens to state changes; runs in the ledger's transaction, so what it writes commits with the change. */
    public interface Listener {
        void changed(StateChange change);
    }
}
