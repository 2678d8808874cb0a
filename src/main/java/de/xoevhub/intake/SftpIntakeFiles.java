package de.xoevhub.intake;

import com.jcraft.jsch.ChannelSftp;
import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFileMessage;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes one file from a portal's SFTP outbox (routes/sftp-intake.camel.yaml) and hands it to the {@link Intake}
 * exactly like an HTTP submission: {@code .p7m} as CMS, anything else as XML, a message without nachrichtenUUID
 * deduplicated by its file ({@link Intake}). Accepted files (and repeats of an accepted submission) go to
 * {@code .done/}; refused ones to {@code .error/} with a reason file, and every refusal is in the ledger, once: a
 * refused file counts as taken ({@link TakenFiles}) as soon as its refusal is recorded. A name that could escape the
 * directory, and a file over {@code hub.intake.max-body-size}, are refused before the file is read. A 5xx problem
 * (broker down, intake busy) is thrown: the file stays and is taken again later.
 */
@Component("sftpIntakeFiles")
class SftpIntakeFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SftpIntakeFiles.class);
    /** Header: the portal whose outbox the file came from (set by the route). */
    static final String PORTAL = "xoevhubPortal";
    /** Header: where the file goes after taking, {@value #DONE} or {@value #ERROR}. */
    static final String TARGET = "xoevhubIntakeTarget";
    /** Header: the ledger id of the submission the file became. */
    static final String SUBMISSION_ID = "xoevhubSubmissionId";
    /** Header: the name of the reason file of a refused file, in {@value #ERROR}. */
    static final String REASON_FILE = "xoevhubReasonFile";
    static final String DONE = ".done";
    static final String ERROR = ".error";

    private final PortalProperties portals;
    private final Intake intake;
    private final SealedSubmissions sealed;
    private final Refusals refusals;
    private final BoundedBody bodies;
    private final Ledger ledger;
    private final TakenFiles taken;
    private final long limit;

    SftpIntakeFiles(PortalProperties portals, Intake intake, SealedSubmissions sealed, Refusals refusals,
                    BoundedBody bodies, Ledger ledger, TakenFiles taken, IntakeProperties limits) {
        this.portals = portals;
        this.intake = intake;
        this.sealed = sealed;
        this.refusals = refusals;
        this.bodies = bodies;
        this.ledger = ledger;
        this.taken = taken;
        this.limit = limits.maxBodySize().toBytes();
    }

    /**
     * Takes the file, or throws: then it stays for the next poll, which is logged here with the portal and the
     * submission id or the exception's class, never the file's name (Camel's own rollback warning, which names the
     * file, is turned off in application.yaml).
     */
    public void take(Exchange exchange) throws IOException {
        try {
            takeFile(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.warn("SFTP file of portal {} not taken, it stays for the next poll: {}",
                    exchange.getMessage().getHeader(PORTAL), e instanceof SubmissionProblem problem
                            ? problem.type() + (problem.properties().containsKey("id")
                            ? " (submission " + problem.properties().get("id") + ")" : "")
                            : e.getClass().getSimpleName());
            throw e;
        }
    }

    private void takeFile(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        Portal portal = portal(m.getHeader(PORTAL, String.class));
        IntakeFileName name = new IntakeFileName(m.getHeader(Exchange.FILE_NAME_ONLY, String.class));
        long size = m.getHeader(Exchange.FILE_LENGTH, -1L, Long.class);
        String key = TakenFiles.key(portal.id(), m.getHeader(Exchange.FILE_NAME, String.class), size,
                m.getHeader(Exchange.FILE_LAST_MODIFIED, -1L, Long.class));
        if (!taken.reclaim(key)) {
            // the claim expired while the file waited in a long poll, and another instance took the file over: that
            // one reads it. Failing leaves the file, and that instance's claim, alone.
            throw new IllegalStateException("the SFTP file was taken over by another hub instance");
        }
        String via = "channel=sftp file=" + name.printable();
        Entry received = new Entry("intake", "RECEIVED", "portal=" + portal.id() + " bytes=" + size + " " + via);
        try {
            SubmissionProblem early = name.check() != null ? name.check() : link(exchange) ? notARegularFile()
                    : size > limit ? tooLarge()
                    : !name.cms() && portal.requireSignature() ? SealedSubmissions.signatureRequired("the file is plain XML")
                    : null;
            if (early != null) {
                throw early;
            }
            Intake.Outcome outcome;
            try (InputStream in = m.getBody(InputStream.class);
                 BoundedBody.Body body = bodies.read(in, size)) {
                outcome = name.cms() ? sealed.submit(portal, body, via, key) : intake.submit(portal, body,
                        List.of(new Entry("intake", "RECEIVED", "portal=" + portal.id() + " bytes=" + body.size()
                                + " sha256=" + body.sha256() + " " + via)), List.of(), key);
            }
            if (!outcome.created()) {
                // a repeat of an accepted submission (its nachrichtenUUID, or without one this file taken again):
                // the earlier submission stands and notes the file
                ledger.append(outcome.submission().id(), new Entry("intake", "REPEATED", via));
            }
            m.setHeader(TARGET, DONE);
            m.setHeader(SUBMISSION_ID, outcome.submission().id());
            LOG.info("SFTP file of portal {} taken as submission {}", portal.id(), outcome.submission().id());
        } catch (SubmissionProblem problem) {
            if (problem.status().is5xxServerError()) {
                throw problem; // not taken: the file stays and the next poll tries again
            }
            // refusals inside the Intake are recorded there (they carry the id); the others are recorded here, and
            // so is a nachrichtenUUID conflict, whose id is the earlier submission's: this file gets its own entry
            boolean recordedAlready = problem.properties().containsKey("id")
                    && !"nachrichtenuuid-conflict".equals(problem.type());
            SubmissionProblem recorded = recordedAlready ? problem : refusals.refuse(portal, problem, List.of(received));
            String id = String.valueOf(recorded.properties().get("id"));
            // the refusal is in the ledger: the file is taken now, even if its reason file or its move fails, so
            // that no later poll refuses it again under another id
            taken.confirm(key);
            m.setHeader(TARGET, ERROR);
            m.setHeader(SUBMISSION_ID, id);
            m.setHeader(REASON_FILE, name.reasonFile(id));
            m.setBody(reason(recorded, id));
            LOG.info("SFTP file of portal {} refused as submission {}: {}", portal.id(), id, recorded.type());
        }
    }

    /**
     * The reason file of a refused file could not be written (e.g. {@code .error/} cannot be made, or the disk is
     * full): the refusal stands in the ledger, and the route still moves the file to {@code .error/}. Logs the id,
     * not the file name, nor the exception's message (which names the file).
     */
    public void reasonNotWritten(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("SFTP file of portal {} refused as submission {}: its reason file was not written ({})",
                exchange.getMessage().getHeader(PORTAL), exchange.getMessage().getHeader(SUBMISSION_ID),
                e == null ? "unknown cause" : e.getClass().getSimpleName());
    }

    /** The reason file: the problem type and detail, as the HTTP intake would have answered. */
    static String reason(SubmissionProblem problem, String id) {
        return "type: " + ProblemResponses.TYPE_PREFIX + problem.type() + "\n"
                + "title: " + problem.title() + "\n"
                + "status: " + problem.status().value() + "\n"
                + "detail: " + problem.getMessage() + "\n"
                + "id: " + id + "\n";
    }

    /**
     * A symbolic link in the outbox: the server would serve whatever it points to (another portal's file, a system
     * file), so it is refused unread. The listing's attributes are those of the link itself (lstat).
     */
    private static boolean link(Exchange exchange) {
        return exchange.getIn() instanceof GenericFileMessage<?> message && message.getGenericFile() != null
                && message.getGenericFile().getFile() instanceof SftpRemoteFile<?> remote
                && remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry && entry.getAttrs().isLink();
    }

    private static SubmissionProblem notARegularFile() {
        return new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "file-name-refused", "File name refused",
                "the name is a symbolic link, not a regular file");
    }

    private SubmissionProblem tooLarge() {
        return new SubmissionProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Body too large",
                "the file exceeds the limit of " + limit + " bytes").with("limitBytes", limit);
    }

    private Portal portal(String id) {
        return portals.portals().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no portal " + id));
    }
}
