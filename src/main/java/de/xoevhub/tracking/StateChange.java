package de.xoevhub.tracking;

import java.time.Instant;

/** A submission moved to a new state; told to every {@link StateChangeListener} inside the ledger's transaction. */
public record StateChange(String submissionId, String portal, String nachrichtenUUID, SubmissionState state,
                          String reason, Instant at) {

    /** Listens to state changes; runs in the ledger's transaction, so what it writes commits with the change. */
    public interface Listener {
        void changed(StateChange change);
    }
}
