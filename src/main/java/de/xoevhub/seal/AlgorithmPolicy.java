package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * The algorithms the hub accepts in what portals send: SHA-2 or SHA-3 digests (no SHA-1, no MD5), RSA keys of at
 * least 2048 bits, EC keys of at least 256 bits or EdDSA, and AES content encryption. Everything else is refused
 * as {@link Reason#WEAK_ALGORITHM}, naming the algorithm.
 */
final class AlgorithmPolicy {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, "SHA-256", NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512", NISTObjectIdentifiers.id_sha512_256, "SHA-512/256",
            NISTObjectIdentifiers.id_sha3_256, "SHA3-256", NISTObjectIdentifiers.id_sha3_384, "SHA3-384",
            NISTObjectIdentifiers.id_sha3_512, "SHA3-512");

    /** Signature algorithms whose hash is the SignerInfo's digest algorithm, or part of their own name. */
    private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
            PKCSObjectIdentifiers.rsaEncryption, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, X9ObjectIdentifiers.id_ecPublicKey,
            EdECObjectIdentifiers.id_Ed25519, EdECObjectIdentifiers.id_Ed448);

    private static final Set<ASN1ObjectIdentifier> CIPHERS = Set.of(
            NISTObjectIdentifiers.id_aes128_CBC, NISTObjectIdentifiers.id_aes192_CBC, NISTObjectIdentifiers.id_aes256_CBC,
            NISTObjectIdentifiers.id_aes128_GCM, NISTObjectIdentifiers.id_aes192_GCM, NISTObjectIdentifiers.id_aes256_GCM,
            NISTObjectIdentifiers.id_aes128_CCM, NISTObjectIdentifiers.id_aes192_CCM, NISTObjectIdentifiers.id_aes256_CCM);

    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private AlgorithmPolicy() {
    }

    /** The digest's name, if the hub accepts it. */
    static String digest(AlgorithmIdentifier digest) {
        String name = DIGESTS.get(digest.getAlgorithm());
        if (name == null) {
            throw weak("the digest algorithm " + name(digest) + " is not accepted; use SHA-256 or stronger");
        }
        return name;
    }

    /** The signature algorithm's name, if the hub accepts it; for RSASSA-PSS its hash is checked too. */
    static String signature(AlgorithmIdentifier signature) {
        ASN1ObjectIdentifier oid = signature.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            if (!(signature.getParameters() instanceof ASN1Sequence params)) {
                throw weak("RSASSA-PSS without parameters means SHA-1; use SHA-256 or stronger");
            }
            return "RSASSA-PSS with " + digest(RSASSAPSSparams.getInstance(params).getHashAlgorithm());
        }
        if (!SIGNATURES.contains(oid)) {
            throw weak("the signature algorithm " + name(signature) + " is not accepted; use RSA, RSASSA-PSS or "
                    + "ECDSA with SHA-256 or stronger");
        }
        return name(signature);
    }

    /** Refuses RSA keys under 2048 bits, EC keys under 256 bits and every other key type except EdDSA. */
    static void signerKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw weak("the signer's RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are needed");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw weak("the signer's EC key has " + bits + " bits; at least " + MIN_EC_BITS + " are needed");
            }
        } else if (!key.getAlgorithm().startsWith("Ed")) {
            throw weak("the signer's key is of type " + key.getAlgorithm() + "; RSA, EC or EdDSA is needed");
        }
    }

    /** The content cipher's name, if it is AES (CBC, GCM or CCM). */
    static String contentCipher(AlgorithmIdentifier cipher) {
        if (!CIPHERS.contains(cipher.getAlgorithm())) {
            throw weak("the content encryption " + name(cipher) + " is not accepted; use AES-256-GCM or AES-256-CBC");
        }
        return name(cipher);
    }

    static String name(AlgorithmIdentifier algorithm) {
        return NAMES.getAlgorithmName(algorithm);
    }

    private static UnsealingException weak(String detail) {
        return new UnsealingException(Reason.WEAK_ALGORITHM, detail);
    }
}
