package de.xoevhub.seal;

import java.util.List;

/**
 * An inbound CMS body the hub refuses: why, in a detail that names no content, and the layers it had already
 * opened (decrypted, verified), so the Laufzettel of the refusal shows how far the hub got.
 */
public class UnsealingException extends RuntimeException {

    /** The reasons a CMS body is refused; each becomes its own problem type. */
    public enum Reason {
        /** Not DER/BER, truncated, nested too deep, too many elements, or a structure BouncyCastle cannot read. */
        MALFORMED,
        /** A content type the hub does not open: not SignedData, EnvelopedData or AuthEnvelopedData (or id-data inside). */
        CONTENT_TYPE_UNSUPPORTED,
        /** Encrypted, but no RecipientInfo names a hub decryption key. */
        NOT_ENCRYPTED_FOR_HUB,
        /**
         * A RecipientInfo names a hub key, but key or content do not decrypt (or the GCM tag does not match); for an
         * EnvelopedData also every later failure until a signature inside it has verified ({@link UnprovenContent}).
         */
        DECRYPTION_FAILED,
        /** The signature does not verify, or the content does not match its message digest. */
        SIGNATURE_INVALID,
        /** No trust anchor for the portal, no chain to one, or a certificate not allowed to sign. */
        SIGNER_UNTRUSTED,
        /** A certificate of the chain has expired or is not yet valid. */
        CERTIFICATE_NOT_VALID,
        /** A certificate of the chain is on a configured CRL. */
        CERTIFICATE_REVOKED,
        /** SHA-1 or MD5 digests, RSA keys under 2048 bits, EC keys under 256 bits, or a cipher other than AES. */
        WEAK_ALGORITHM
    }

    private final Reason reason;
    private final transient List<Unsealed.Layer> opened;

    public UnsealingException(Reason reason, String detail) {
        this(reason, detail, List.of(), null);
    }

    public UnsealingException(Reason reason, String detail, Throwable cause) {
        this(reason, detail, List.of(), cause);
    }

    private UnsealingException(Reason reason, String detail, List<Unsealed.Layer> opened, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.opened = List.copyOf(opened);
    }

    public Reason reason() {
        return reason;
    }

    /** The layers opened before this one was refused, outermost first. */
    public List<Unsealed.Layer> opened() {
        return opened;
    }

    UnsealingException after(List<Unsealed.Layer> layers) {
        return new UnsealingException(reason, getMessage(), layers, getCause());
    }
}
