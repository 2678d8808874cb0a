package de.xoevhub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.schema.Inspector;
import de.xoevhub.schema.MalformedXmlException;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchematronFailure;
import de.xoevhub.schema.UnknownStandardException;
import de.xoevhub.schema.ValidationReport;
import de.xoevhub.container.Attachment;
import de.xoevhub.container.Manifest;
import de.xoevhub.container.SubmissionContainer;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.RandomIds;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jms.JmsException;
import org.springframework.stereotype.Service;

/**
 * Accepts one submission: reads its head, validates it against its bundle, records it in the ledger and hands
 * it durably to hub.inbox. Every refusal is recorded too, so nothing a portal sent vanishes.
 */
@Service
public class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    /** The outcome: the submission and whether it was new (202) or a repeat of an earlier one (200). */
    public record Outcome(Submission submission, boolean created) {
    }

    private final Inspector inspector;
    private final Ledger ledger;
    private final Inbox inbox;
    private final Refusals refusals;
    private final ObjectMapper json;
    private final Clock clock;
    private final Spool spool;

    public Intake(Inspector inspector, Ledger ledger, Inbox inbox, Refusals refusals, ObjectMapper json,
                  Clock clock, Spool spool) {
        this.spool = spool;
        this.inspector = inspector;
        this.ledger = ledger;
        this.inbox = inbox;
        this.refusals = refusals;
        this.json = json;
        this.clock = clock;
    }

    public Outcome submit(Portal portal, Content body) {
        return submit(portal, body, List.of(Refusals.received(portal, body.size(), body.sha256())));
    }

    /**
     * Accepts the XÖV message a portal sent inside CMS: {@code arrival} are the Laufzettel entries of the body as
     * received and of each layer opened; they take the place of a plain body's RECEIVED entry.
     */
    public Outcome submit(Portal portal, Content body, List<Entry> arrival) {
        return submit(portal, body, arrival, List.of());
    }

    /**
     * Accepts an XÖV message with attachments: they travel with it in a submission container (docs/container.md),
     * whose manifest goes on the Laufzettel with every part's SHA-256 and identifies the submission for dedupe.
     */
    public Outcome submit(Portal portal, Content body, List<Entry> received, List<Attachment> attachments) {
        return submit(portal, body, received, attachments, null);
    }

    /**
     * The same for a message that came in a file from a portal's SFTP outbox: {@code file} is the file's key
     * ({@link TakenFiles}). Without a nachrichtenUUID (e.g. an XRechnung invoice) the file and the message's SHA-256
     * stand in for one in the dedupe: the hub takes the same file again after a failure (the broker was down, an
     * instance died before moving it) and so finds the same submission, while the same message in another file is a
     * submission of its own, as a second POST over HTTP is. {@code file} is null for HTTP.
     */
    Outcome submit(Portal portal, Content body, List<Entry> received, List<Attachment> attachments, String file) {
        String id = RandomIds.next();
        Manifest manifest = attachments.isEmpty() ? null : SubmissionContainer.manifest(body, attachments);
        String sha256 = manifest == null ? body.sha256() : manifest.sha256();
        List<Entry> arrival = new ArrayList<>(received);
        if (manifest != null) {
            arrival.add(new Entry("intake", "CONTAINER", manifest.describe()));
        }
        try {
            Inspector.Inspection inspection = inspector.inspect(body);
            MessageHead head = inspection.head();
            SchemaBundle bundle = inspection.bundle();
            ValidationReport report = inspection.report();
            if (!report.valid()) {
                refusals.reject(id, portal, head, sha256, body.size(), arrival,
                        new Entry("validate", "INVALID", toJson(report)));
                throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "schema-invalid",
                        "Validation failed", report.violationCount() + " XSD violation(s) and "
                        + report.schematronErrors() + " Schematron error(s) against " + bundle.id())
                        .with("id", id).with("bundle", bundle.id()).with("violationCount", report.violationCount())
                        .with("violations", report.violations()).with("findings", report.findings());
            }
            String dedupe = head.nachrichtenUUID() != null ? head.nachrichtenUUID()
                    : file != null ? fileDedupe(file, sha256) : null;
            if (manifest == null) {
                return accept(id, portal, head, dedupe, sha256, body, null, report, arrival);
            }
            try (SpoolOutput container = spool.output("container", body.size()
                    + attachments.stream().mapToLong(a -> a.content().size()).sum())) {
                try (OutputStream out = container.open()) {
                    SubmissionContainer.write(manifest, body, attachments, out);
                }
                return accept(id, portal, head, dedupe, sha256, container.content(), Manifest.FORMAT, report,
                        arrival);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (MalformedXmlException e) {
            refusals.reject(id, portal, null, sha256, body.size(), arrival,
                    new Entry("parse", e.kind().name(), location(e) + e.getMessage()));
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, problemType(e), "XML refused",
                    location(e) + e.getMessage()).with("id", id).with("line", e.line()).with("column", e.column());
        } catch (SchematronFailure e) {
            LOG.warn("submission {} from portal {}: {}", id, portal.id(), e.summary());
            refusals.reject(id, portal, null, sha256, body.size(), arrival,
                    new Entry("validate", "RULE_ERROR", e.summary()));
            throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-incomplete",
                    "Validation could not complete", e.summary() + "; the message cannot be checked against "
                    + "its bundle's rules as they stand, and is refused").with("id", id);
        } catch (UnknownStandardException e) {
            refusals.reject(id, portal, e.head(), sha256, body.size(), arrival,
                    new Entry("inspect", "UNKNOWN_STANDARD", e.getMessage()));
            throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-standard", "Unknown standard",
                    e.getMessage()).with("id", id).with("namespace", e.head().namespace())
                    .with("standard", e.head().standard()).with("version", e.head().version());
        }
    }

    /**
     * {@code body} is what goes to hub.inbox: the message, or its container (format {@code container}); a second
     * submission with the same {@code dedupe} (unless null) is a repeat of the first.
     */
    private Outcome accept(String id, Portal portal, MessageHead head, String dedupe, String sha256, Content body,
                           String container, ValidationReport report, List<Entry> arrival) {
        Submission s = Submission.of(id, portal.tenant(), portal.id(), head, sha256, body.size(),
                SubmissionState.ACCEPTED, null, clock.instant());
        try {
            // no lookup first: a resubmission is rare, and the unique dedupe key finds it
            List<Entry> entries = new ArrayList<>(arrival);
            entries.add(new Entry("validate", "VALID", report.findings().isEmpty() ? "bundle=" + report.bundle()
                    : "bundle=" + report.bundle() + " warnings=" + toJson(report.findings())));
            entries.add(new Entry("intake", "ACCEPTED", "persisted to " + Inbox.ADDRESS));
            ledger.insert(s, dedupe, entries.toArray(Entry[]::new));
        } catch (DuplicateKeyException repeated) {
            return repeat(ledger.findAccepted(portal.id(), dedupe).orElseThrow(), sha256, body, container);
        }
        handToInbox(s, body, container, true);
        LOG.info("submission {} accepted from portal {} ({} {})", id, portal.id(), s.standard(), s.version());
        return new Outcome(s, true);
    }

    private Outcome repeat(Submission earlier, String sha256, Content body, String container) {
        if (!earlier.sha256().equals(sha256)) {
            throw new SubmissionProblem(HttpStatus.CONFLICT, "nachrichtenuuid-conflict", "nachrichtenUUID reused",
                    "nachrichtenUUID " + earlier.nachrichtenUUID() + " was accepted before with different content")
                    .with("id", earlier.id());
        }
        boolean neverReachedInbox = earlier.brokerUnavailableAtIntake();
        if (earlier.state() == SubmissionState.ACCEPTED || neverReachedInbox) {
            // The earlier send may not have reached the broker; duplicate detection drops it if it had. The portal
            // was told 202 for an ACCEPTED one, so a failure of this send leaves its state alone.
            handToInbox(earlier, body, container, false);
            // only if nothing happened meanwhile: the first send may have reached the broker after all, and the
            // pipeline may have delivered it already (the broker dropped this second send as a duplicate)
            if (neverReachedInbox) {
                ledger.recordIf(earlier.id(), SubmissionState.FAILED, SubmissionState.ACCEPTED, null,
                        new Entry("intake", "ACCEPTED", "resubmitted; persisted to " + Inbox.ADDRESS));
                // the portal's first attempt got 503, so this is the acceptance it sees
                return new Outcome(ledger.find(earlier.id()).orElseThrow(), true);
            }
        }
        return new Outcome(earlier, false);
    }

    /**
     * Sends to hub.inbox. If the broker cannot take it, the portal gets 503; a first send also records the submission
     * as not accepted (FAILED, broker unavailable), a repeated one leaves the state as it is.
     */
    private void handToInbox(Submission s, Content body, String container, boolean first) {
        try {
            inbox.send(s, body, container);
        } catch (JmsException e) {
            // the send may still have reached the broker (a timeout, not a refusal): if the pipeline has taken the
            // message meanwhile, its state stands
            if (first) {
                ledger.recordIf(s.id(), SubmissionState.ACCEPTED, SubmissionState.FAILED,
                        Submission.BROKER_UNAVAILABLE,
                        new Entry("intake", "NOT_ACCEPTED", "broker unavailable: " + e.getClass().getSimpleName()));
            }
            LOG.warn("submission {} not accepted: broker unavailable ({})", s.id(), e.getMessage());
            throw new SubmissionProblem(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable",
                    "Temporarily unable to accept", "the message store is unavailable; retry later")
                    .with("id", s.id());
        }
    }

    /** What stands in for a missing nachrichtenUUID of a message from an SFTP file: the file and the message. */
    private static String fileDedupe(String file, String sha256) {
        return "file:" + HexFormat.of().formatHex(Content.digest()
                .digest((file + "\n" + sha256).getBytes(StandardCharsets.UTF_8)));
    }

    private String toJson(Object report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String problemType(MalformedXmlException e) {
        return switch (e.kind()) {
            case DOCTYPE_FORBIDDEN -> "doctype-forbidden";
            case LIMIT_EXCEEDED -> "xml-limit-exceeded";
            case MALFORMED -> "malformed-xml";
        };
    }

    private static String location(MalformedXmlException e) {
        return e.line() > 0 ? "line " + e.line() + ", column " + e.column() + ": " : "";
    }
}
