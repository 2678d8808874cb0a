package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;

/**
 * Decrypts one EnvelopedData or AuthEnvelopedData layer with the hub key its RecipientInfo names (by issuer and
 * serial, or by subject key identifier), among all the hub's decryption keys, so a message encrypted for a
 * rotated-out key still opens. Key transport (RSA PKCS#1 v1.5 or OAEP) and key agreement (ECDH) are supported;
 * the content cipher must be AES. Every failure to decrypt gets the same detail, so that answers tell an
 * attacker nothing about padding; an RSA key that does not unwrap is replaced by a random one ({@link KeyTransport}),
 * so that it fails like altered content, at the end. Only failures once decryption has begun are
 * {@link Reason#DECRYPTION_FAILED}: the {@link Unsealer} relies on that to tell them from those before (no hub key
 * named, a weak cipher, an unreadable RecipientInfo), which depend on nothing encrypted and keep their own reasons.
 */
final class Decryptor {

    /** The content inside, its type, and a description for the Laufzettel. */
    record Decrypted(ASN1ObjectIdentifier contentType, String detail) {
    }

    private final HubKeys keys;

    Decryptor(HubKeys keys) {
        this.keys = keys;
    }

    /** Decrypts the (Auth)EnvelopedData in {@code cms} and writes its content to {@code out} as it is read. */
    Decrypted decrypt(Content cms, ASN1ObjectIdentifier type, OutputStream out) {
        try (InputStream in = CmsStream.open(cms)) {
            return decrypt(in, type, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Decrypted decrypt(InputStream cms, ASN1ObjectIdentifier type, OutputStream out) {
        boolean authenticated = type.equals(CMSObjectIdentifiers.authEnvelopedData);
        Collection<RecipientInformation> recipients;
        AlgorithmIdentifier cipher;
        try {
            if (authenticated) {
                CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(cms);
                recipients = parser.getRecipientInfos().getRecipients();
                cipher = parser.getEncryptionAlgOID();
            } else {
                CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(cms);
                recipients = parser.getRecipientInfos().getRecipients();
                cipher = parser.getContentEncryptionAlgorithm();
            }
        } catch (CMSException | IOException | RuntimeException e) {
            throw new UnsealingException(Reason.MALFORMED, "the " + name(authenticated) + " cannot be read: "
                    + e.getMessage(), e);
        }
        String cipherName = AlgorithmPolicy.contentCipher(cipher);
        for (RecipientInformation r : recipients) {
            Optional<HubKeys.DecryptionKey> key = keys.decryptionKey(r.getRID());
            if (key.isPresent()) {
                ASN1ObjectIdentifier contentType;
                try {
                    CMSTypedStream opened = r.getContentStream(recipient(r, key.get(), authenticated));
                    CmsStream.copy(opened.getContentStream(), out);
                    contentType = opened.getContentType();
                } catch (UncheckedIOException e) {
                    throw e; // the spool, not the ciphertext
                } catch (CMSException | IOException | RuntimeException e) {
                    throw new UnsealingException(Reason.DECRYPTION_FAILED, "the " + name(authenticated)
                            + " does not decrypt with the hub key '" + key.get().alias() + "' its RecipientInfo names "
                            + "(a wrong key, or ciphertext or authentication tag altered)", e);
                }
                return new Decrypted(contentType, "content=" + name(authenticated) + " cipher=" + cipherName
                        + " keyEncryption=" + AlgorithmPolicy.name(r.getKeyEncryptionAlgorithm())
                        + " recipient=" + Recipients.describe(key.get().certificate()) + " key=" + key.get().alias());
            }
        }
        throw new UnsealingException(Reason.NOT_ENCRYPTED_FOR_HUB, "none of the " + recipients.size()
                + " RecipientInfo(s) names a hub decryption key; encrypt for the hub's encryption certificate");
    }

    private static Recipient recipient(RecipientInformation r, HubKeys.DecryptionKey key, boolean authenticated) {
        if (r instanceof KeyTransRecipientInformation) {
            return authenticated ? KeyTransport.authEnveloped(key.key()) : KeyTransport.enveloped(key.key());
        }
        if (r instanceof KeyAgreeRecipientInformation) {
            return authenticated ? new JceKeyAgreeAuthEnvelopedRecipient(key.key()).setProvider(Sealer.BC)
                    : new JceKeyAgreeEnvelopedRecipient(key.key()).setProvider(Sealer.BC);
        }
        throw new IllegalArgumentException("unsupported RecipientInfo " + r.getClass().getSimpleName());
    }

    private static String name(boolean authenticated) {
        return authenticated ? "AuthEnvelopedData" : "EnvelopedData";
    }
}
