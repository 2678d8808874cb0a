package de.xoevhub.intake;

import de.xoevhub.tracking.Submission;
import java.time.Instant;

/** The receipt (Eingangsbestätigung) a portal gets for an accepted submission. */
public record Receipt(String id, String nachrichtenUUID, String standard, String version, String nachrichtentyp,
                      Instant receivedAt, String sha256, String state, String statusUrl) {

    static Receipt of(Submission s, String statusUrl) {
        return new Receipt(s.id(), s.nachrichtenUUID(), s.standard(), s.version(), s.nachrichtentyp(),
                s.receivedAt(), s.sha256(), s.state().name(), statusUrl);
    }
}
