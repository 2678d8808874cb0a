package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content the {@link Unsealer} decrypted from an EnvelopedData (AES-CBC), which nothing authenticates: anyone can
 * alter the ciphertext, and the hub decrypts it to something else. Had every later step its own answer (the
 * padding, the DER structure, the signature, the XML), the hub would be a padding oracle (Vaudenay): a portal that
 * saw an EnvelopedData addressed to the hub could post altered copies and learn its plaintext byte by byte. So from
 * the start of its decryption until a SignedData inside has verified against the portal's trust anchors (the
 * signed content cannot have been altered), every failure is one refusal: the same reason, the same detail, and
 * only the layers opened before the EnvelopedData, for the Laufzettel the portal can read. Content that reaches the
 * XML message without such a signature is refused the same way: it can never be proven, and accepting it would
 * leave its acceptance as the oracle. A signature outside the EnvelopedData proves nothing here: any portal can
 * sign a copy it altered. AuthEnvelopedData (AES-GCM) needs none of this; its tag is checked before any content
 * is used.
 */
final class UnprovenContent {

    /** The one detail of every refusal of unproven content. */
    static final String DETAIL = "the EnvelopedData does not open to a message signed inside it by a signer this "
            + "portal trusts; EnvelopedData (AES-CBC) is not authenticated, so the hub does not say which step "
            + "failed (key, padding, structure, signature, or no signature inside): sign, then encrypt, or encrypt "
            + "with AES-GCM (AuthEnvelopedData)";

    private static final Logger LOG = LoggerFactory.getLogger(UnprovenContent.class);

    private int since = -1;

    /** An EnvelopedData, the layer after the {@code opened} ones, has begun to decrypt. */
    void decrypting(int opened) {
        if (since < 0) {
            since = opened;
        }
    }

    /** A signature inside has verified: what it signed is what its signer sent. */
    void proven() {
        since = -1;
    }

    /** Whether what is being opened came from an EnvelopedData and no signature inside has proven it yet. */
    boolean pending() {
        return since >= 0;
    }

    /**
     * The refusal of unproven content, whatever {@code failure} was (null: no signature inside). The operator's log
     * gets the real reason, never its detail (which may name a signer); the portal gets {@link #DETAIL}.
     */
    UnsealingException refusal(List<Unsealed.Layer> layers, Throwable failure) {
        LOG.info("content decrypted from an EnvelopedData refused for {}; the portal is told only {}",
                failure == null ? "no signature inside" : failure instanceof UnsealingException u ? u.reason()
                        : failure.getClass().getSimpleName(), Reason.DECRYPTION_FAILED);
        return new UnsealingException(Reason.DECRYPTION_FAILED, DETAIL, failure).after(layers.subList(0, since));
    }
}
