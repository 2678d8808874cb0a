package de.xoevhub.tracking;

import java.time.Instant;

/** One row of the message ledger. */
public record Submission(
        String id,
        String tenant,
        String portal,
        String nachrichtenUUID,
        String standard,
        String version,
        String nachrichtentyp,
        String autor,
        String leser,
        boolean test,
        String sha256,
        long sizeBytes,
        SubmissionState state,
        String reason,
        Instant receivedAt) {
}
