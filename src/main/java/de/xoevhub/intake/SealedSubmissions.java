package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.seal.Unsealed;
import de.xoevhub.seal.Unsealer;
import de.xoevhub.seal.UnsealingException;
import de.xoevhub.spool.Content;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.RandomIds;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Accepts a submission a portal sent as CMS ({@code application/pkcs7-mime}): opens it (decrypts with the hub's
 * key, verifies against the portal's trust anchors), records every layer on the Laufzettel, and hands the XÖV
 * message inside to the {@link Intake} like a plain one. A body that cannot be opened gets 422 with the reason's
 * own problem type, and is recorded with the layers that did open; what an EnvelopedData (AES-CBC) decrypts to gets
 * one answer for every failure until a signature inside it has verified, so that answers reveal nothing of it.
 */
@Component
class SealedSubmissions {

    static final String MEDIA_TYPE = "application/pkcs7-mime";

    private final Unsealer unsealer;
    private final PortalTrust trust;
    private final Intake intake;
    private final Refusals refusals;

    SealedSubmissions(Unsealer unsealer, PortalTrust trust, Intake intake, Refusals refusals) {
        this.unsealer = unsealer;
        this.trust = trust;
        this.intake = intake;
        this.refusals = refusals;
    }

    Intake.Outcome submit(Portal portal, Content body) {
        return submit(portal, body, "", null);
    }

    /**
     * The same for a body that came in an SFTP file: {@code via} is added to its RECEIVED entry, {@code file} is the
     * file's key (see {@link Intake}). The body is read as a stream (it may be a spool file), and so is the message
     * inside, which the hub spools when large.
     */
    Intake.Outcome submit(Portal portal, Content body, String via, String file) {
        String sha256 = body.sha256();
        long size = body.size();
        List<Entry> arrival = new ArrayList<>();
        arrival.add(new Entry("intake", "RECEIVED", "portal=" + portal.id() + " bytes=" + size
                + " sha256=" + sha256 + " type=" + MEDIA_TYPE + (via.isEmpty() ? "" : " " + via)));
        Unsealed unsealed;
        try {
            unsealed = unsealer.unseal(body, trust.of(portal));
        } catch (UnsealingException e) {
            e.opened().forEach(layer -> arrival.add(entry(layer)));
            String id = RandomIds.next();
            refusals.reject(id, portal, null, sha256, size, arrival,
                    new Entry("unseal", e.reason().name(), e.getMessage()));
            throw problem(e).with("id", id);
        }
        try (unsealed) {
            unsealed.layers().forEach(layer -> arrival.add(entry(layer)));
            if (portal.requireSignature() && !unsealed.signed()) {
                String id = RandomIds.next();
                refusals.reject(id, portal, null, sha256, size, arrival,
                        new Entry("unseal", "SIGNATURE_REQUIRED", "encrypted, but not signed"));
                throw signatureRequired("the body is encrypted, but not signed").with("id", id);
            }
            return intake.submit(portal, unsealed.content(), arrival, List.of(), file);
        }
    }

    /** The refusal of a plain body from a portal that must sign, before the body is read. */
    static SubmissionProblem signatureRequired(String what) {
        return new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "signature-required", "Signature required",
                what + "; this portal must sign its submissions (CMS SignedData as " + MEDIA_TYPE + ")");
    }

    private static Entry entry(Unsealed.Layer layer) {
        return layer.kind() == Unsealed.Kind.DECRYPTED ? new Entry("decrypt", "DECRYPTED", layer.detail())
                : new Entry("verify", "SIGNATURE_VALID", layer.detail());
    }

    private static SubmissionProblem problem(UnsealingException e) {
        return switch (e.reason()) {
            case MALFORMED -> refused("cms-malformed", "Malformed CMS", e);
            case CONTENT_TYPE_UNSUPPORTED -> refused("cms-content-type-unsupported", "Unsupported CMS content type", e);
            case NOT_ENCRYPTED_FOR_HUB -> refused("not-encrypted-for-hub", "Not encrypted for the hub", e);
            case DECRYPTION_FAILED -> refused("decryption-failed", "Decryption failed", e);
            case SIGNATURE_INVALID -> refused("signature-invalid", "Signature invalid", e);
            case SIGNER_UNTRUSTED -> refused("signer-untrusted", "Signer not trusted", e);
            case CERTIFICATE_NOT_VALID -> refused("certificate-not-valid", "Certificate not valid", e);
            case CERTIFICATE_REVOKED -> refused("certificate-revoked", "Certificate revoked", e);
            case WEAK_ALGORITHM -> refused("weak-algorithm", "Weak algorithm", e);
        };
    }

    private static SubmissionProblem refused(String type, String title, UnsealingException e) {
        return new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, title, e.getMessage());
    }
}
