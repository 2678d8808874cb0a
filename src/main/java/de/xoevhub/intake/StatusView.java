package de.xoevhub.intake;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Submission;
import java.time.Instant;
import java.util.List;

/** A submission's state and Laufzettel as the portal sees it. */
record StatusView(String id, String nachrichtenUUID, String standard, String version, String nachrichtentyp,
                  Instant receivedAt, String sha256, String state, String reason, boolean laufzettelIntact,
                  List<Event> laufzettel) {

    /** One Laufzettel event. */
    record Event(int seq, Instant at, String step, String outcome, String detail) {
    }

    static StatusView of(Submission s, Laufzettel.Trail trail) {
        return new StatusView(s.id(), s.nachrichtenUUID(), s.standard(), s.version(), s.nachrichtentyp(),
                s.receivedAt(), s.sha256(), s.state().name(), s.reason(), trail.intact(),
                trail.events().stream().map(e -> new Event(e.seq(), e.at(), e.step(), e.outcome(), e.detail())).toList());
    }
}
