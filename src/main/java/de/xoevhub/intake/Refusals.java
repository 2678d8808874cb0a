package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records every refused submission in the ledger with its reason and Laufzettel, so nothing a portal sent vanishes. */
@Component
public class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private final Ledger ledger;
    private final Clock clock;

    public Refusals(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Records a submission refused before its body was read (too large, wrong media type) and returns the problem
     * with the ledger id added.
     */
    public SubmissionProblem refuse(Portal portal, SubmissionProblem problem) {
        return refuse(portal, problem, List.of());
    }

    /** The same, after the Laufzettel entries {@code arrival} (e.g. the RECEIVED entry of an SFTP file). */
    SubmissionProblem refuse(Portal portal, SubmissionProblem problem, List<Entry> arrival) {
        String id = RandomIds.next();
        String outcome = problem.type().toUpperCase(Locale.ROOT).replace('-', '_');
        List<Entry> entries = new ArrayList<>(arrival);
        entries.add(new Entry("intake", outcome, problem.getMessage()));
        ledger.insert(Submission.of(id, portal.tenant(), portal.id(), MessageHead.NONE, null, null, SubmissionState.REJECTED,
                outcome, clock.instant()), false, entries.toArray(Entry[]::new));
        LOG.info("submission {} from portal {} refused: {}", id, portal.id(), outcome);
        return problem.with("id", id);
    }

    /**
     * Records a submission refused after its body was read: {@code arrival} are the Laufzettel entries of its
     * reception (and of the CMS layers opened), {@code refusal} the step that refused it.
     */
    void reject(String id, Portal portal, MessageHead head, String sha256, long size, List<Entry> arrival,
                Entry refusal) {
        MessageHead h = head != null ? head : MessageHead.NONE;
        List<Entry> entries = new ArrayList<>(arrival);
        entries.add(refusal);
        ledger.insert(Submission.of(id, portal.tenant(), portal.id(), h, sha256, size, SubmissionState.REJECTED,
                refusal.outcome(), clock.instant()), false, entries.toArray(Entry[]::new));
        LOG.info("submission {} from portal {} rejected: {}", id, portal.id(), refusal.outcome());
    }

    /** The first Laufzettel entry of a body as received. */
    static Entry received(Portal portal, long size, String sha256) {
        return new Entry("intake", "RECEIVED", "portal=" + portal.id() + " bytes=" + size + " sha256=" + sha256);
    }
}
