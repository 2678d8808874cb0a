package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The portal API: post a submission, read its state and Laufzettel, fetch its signed receipt. */
@RestController
@RequestMapping("/api/v1/submissions")
class SubmissionController {

    private static final MediaType CMS = MediaType.parseMediaType(SealedSubmissions.MEDIA_TYPE);
    private static final MediaType LEGACY_CMS = MediaType.parseMediaType("application/x-pkcs7-mime");

    private final PortalAuthenticator authenticator;
    private final Intake intake;
    private final SealedSubmissions sealed;
    private final Refusals refusals;
    private final BoundedBody bodies;
    private final Ledger ledger;
    private final Laufzettel laufzettel;
    private final SignedReceipts receipts;

    SubmissionController(PortalAuthenticator authenticator, Intake intake, SealedSubmissions sealed, Refusals refusals,
                         BoundedBody bodies, Ledger ledger, Laufzettel laufzettel, SignedReceipts receipts) {
        this.authenticator = authenticator;
        this.intake = intake;
        this.sealed = sealed;
        this.refusals = refusals;
        this.bodies = bodies;
        this.ledger = ledger;
        this.laufzettel = laufzettel;
        this.receipts = receipts;
    }

    @PostMapping
    ResponseEntity<Receipt> submit(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                   HttpServletRequest request) throws IOException {
        Portal portal = portal(auth);
        BoundedBody.Body body;
        Kind kind;
        try {
            kind = kind(request.getContentType());
            if (kind != Kind.CMS && portal.requireSignature()) {
                throw SealedSubmissions.signatureRequired(kind == Kind.XML ? "the body is plain XML"
                        : "the body is a plain multipart");
            }
            // past the spool threshold, any body goes to a spool file (CMS is opened from it as a stream)
            body = bodies.read(request.getInputStream(), request.getContentLengthLong());
        } catch (SubmissionProblem refused) {
            throw refusals.refuse(portal, refused);
        }
        Intake.Outcome outcome;
        try (body) {
            outcome = switch (kind) {
                case CMS -> sealed.submit(portal, body);
                case XML -> intake.submit(portal, body);
                case MULTIPART -> withAttachments(portal, body, request.getContentType());
            };
        }
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/submissions/{id}").buildAndExpand(outcome.submission().id()).toUri();
        Receipt receipt = Receipt.of(outcome.submission(), location.toString());
        return ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(location).body(receipt);
    }

    @GetMapping("/{id}")
    StatusView status(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                      @PathVariable String id) {
        return StatusView.of(own(portal(auth), id), laufzettel.trail(id));
    }

    /** The receipt of an accepted submission as a CMS SignedData by the hub: the portal's proof of delivery. */
    @GetMapping("/{id}/receipt")
    ResponseEntity<byte[]> signedReceipt(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                         @PathVariable String id) {
        Submission s = own(portal(auth), id);
        String statusUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/submissions/{id}").buildAndExpand(id).toUriString();
        return ResponseEntity.ok().contentType(SignedReceipts.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"receipt-" + id + ".p7m\"")
                .body(receipts.sign(s, statusUrl));
    }

    private Submission own(Portal portal, String id) {
        return ledger.find(id).filter(found -> found.portal().equals(portal.id()))
                .orElseThrow(() -> new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "no submission " + id + " for this portal"));
    }

    private Portal portal(String auth) {
        return authenticator.authenticate(auth).orElseThrow(() -> new SubmissionProblem(HttpStatus.UNAUTHORIZED,
                "unauthorized", "Unauthorized", "a valid portal bearer token is required"));
    }

    /** A message with attachments: the parts are split, then the message is accepted with them in its container. */
    private Intake.Outcome withAttachments(Portal portal, BoundedBody.Body body, String contentType) {
        List<Entry> received = List.of(Refusals.received(portal, body.size(), body.sha256()));
        MultipartSubmission parts;
        try {
            parts = MultipartSubmission.parse(body, contentType);
        } catch (SubmissionProblem refused) {
            throw refusals.refuse(portal, refused, received);
        }
        try (parts) {
            return intake.submit(portal, parts.message(), received, parts.attachments());
        }
    }

    private enum Kind { XML, CMS, MULTIPART }

    /** The kind of body by its media type; any other media type is refused. The smime-type parameter is informative. */
    private static Kind kind(String contentType) {
        MediaType type = parse(contentType);
        if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_XML)
                || type.isCompatibleWith(MediaType.TEXT_XML) || type.getSubtype().endsWith("+xml"))) {
            return Kind.XML;
        }
        if (type != null && type.getType().equals("multipart") && type.getParameter("boundary") != null) {
            return Kind.MULTIPART;
        }
        if (type == null || !(type.equalsTypeAndSubtype(CMS) || type.equalsTypeAndSubtype(LEGACY_CMS))) {
            throw new SubmissionProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", "send the XÖV message as application/xml, with attachments as "
                    + "multipart/mixed (docs/container.md), or signed or encrypted as CMS in "
                    + SealedSubmissions.MEDIA_TYPE);
        }
        return Kind.CMS;
    }

    private static MediaType parse(String contentType) {
        try {
            return contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }
}
