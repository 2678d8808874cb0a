package de.xoevhub.seal;

import java.security.Key;
import java.security.PrivateKey;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;

/**
 * The hub's side of RSA key transport (PKCS#1 v1.5 or OAEP) for a recipient that never fails on the key: if the
 * content-encryption key does not unwrap, or unwraps to a key of the wrong length for the content cipher, the
 * content is decrypted with a random key of the right length instead, as TLS servers do with a premaster secret
 * (RFC 5246, 7.4.7.1). BouncyCastle 1.86 throws at once on bad PKCS#1 padding, so without this the hub would answer
 * an altered encryptedKey quickly and a well-formed one only after decrypting the whole content: a timing oracle on
 * the padding of the RSA plaintext (Bleichenbacher; Manger for OAEP), which the body size amplifies. With a random
 * key the content is read like any other and fails at its end, at the CBC padding or the GCM tag, with the same
 * answer as altered content.
 */
final class KeyTransport {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyTransport() {
    }

    /** A recipient for an EnvelopedData layer encrypted for {@code key}. */
    static Recipient enveloped(PrivateKey key) {
        return new Enveloped(key).setProvider(Sealer.BC);
    }

    /** A recipient for an AuthEnvelopedData layer encrypted for {@code key}. */
    static Recipient authEnveloped(PrivateKey key) {
        return new AuthEnveloped(key).setProvider(Sealer.BC);
    }

    /**
     * The key {@code unwrap} recovered if it has the length {@code contentCipher} needs, else a random one. The
     * cipher was checked by {@link AlgorithmPolicy} before (AES), so its key length is known.
     */
    static Key orRandom(Unwrap unwrap, AlgorithmIdentifier contentCipher) {
        int bytes = DefaultSecretKeySizeProvider.INSTANCE.getKeySize(contentCipher) / 8;
        byte[] random = new byte[Math.max(bytes, 16)];
        RANDOM.nextBytes(random); // before the unwrap, so that both paths do the same work
        Key key;
        try {
            key = unwrap.key();
        } catch (CMSException | RuntimeException e) {
            key = null;
        }
        byte[] encoded = key == null ? null : key.getEncoded();
        return encoded != null && encoded.length == random.length ? key : new SecretKeySpec(random, "AES");
    }

    /** BouncyCastle's unwrapping of the content-encryption key. */
    @FunctionalInterface
    interface Unwrap {
        Key key() throws CMSException;
    }

    private static final class Enveloped extends JceKeyTransEnvelopedRecipient {
        Enveloped(PrivateKey key) {
            super(key);
        }

        @Override
        protected Key extractSecretKey(AlgorithmIdentifier keyEncryption, AlgorithmIdentifier contentCipher,
                                       byte[] encryptedKey) {
            return orRandom(() -> super.extractSecretKey(keyEncryption, contentCipher, encryptedKey), contentCipher);
        }
    }

    private static final class AuthEnveloped extends JceKeyTransAuthEnvelopedRecipient {
        AuthEnveloped(PrivateKey key) {
            super(key);
        }

        @Override
        protected Key extractSecretKey(AlgorithmIdentifier keyEncryption, AlgorithmIdentifier contentCipher,
                                       byte[] encryptedKey) {
            return orRandom(() -> super.extractSecretKey(keyEncryption, contentCipher, encryptedKey), contentCipher);
        }
    }
}
