package de.xoevhub.tracking;

import de.xoevhub.schema.MessageHead;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One row of the message ledger. {@code sha256} and {@code sizeBytes} are null for a body never read. */
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
        Long sizeBytes,
        SubmissionState state,
        String reason,
        Instant receivedAt) {

    /** The reason of a submission FAILED because the intake gave up waiting for the broker (it may still be sent). */
    public static final String BROKER_UNAVAILABLE = "INTAKE_BROKER_UNAVAILABLE";

    /**
     * A new ledger row for a message with this head; the message type is null where no root was read. The time is
     * cut to the ledger's precision (milliseconds), so the 202 receipt and every later reading of it agree.
     */
    public static Submission of(String id, String tenant, String portal, MessageHead h, String sha256, Long size,
                                SubmissionState state, String reason, Instant receivedAt) {
        return new Submission(id, tenant, portal, h.nachrichtenUUID(), h.standard(), h.version(),
                h.rootName() == null ? null : h.messageType(), h.autor(), h.leser(), h.test(), sha256, size, state,
                reason, receivedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Whether the intake gave up waiting for the broker: the portal got a 503, yet the send may still have reached
     * hub.inbox, and a resubmission sends again.
     */
    public boolean brokerUnavailableAtIntake() {
        return state == SubmissionState.FAILED && BROKER_UNAVAILABLE.equals(reason);
    }
}
