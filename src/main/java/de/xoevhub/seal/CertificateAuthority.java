package de.xoevhub.seal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority: the development PKI of the embedded default, and the PKIs tests generate for
 * themselves. It issues signing certificates (digitalSignature, nonRepudiation) and encryption certificates
 * (keyEncipherment for RSA, keyAgreement for EC) with EC P-256 or RSA-3072 keys, and CRLs.
 */
public final class CertificateAuthority {

    /** The key types the hub signs and encrypts with. */
    public enum KeyKind { EC_P256, RSA_3072 }

    /** What an issued certificate may be used for. */
    public enum Usage { SIGNING, ENCRYPTION }

    /** A key pair with its certificate and the chain up to (and including) the CA certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed root CA, valid from now for {@code validity}. */
    public static CertificateAuthority create(String commonName, KeyKind kind, Duration validity) {
        return selfSigned(generate(kind), new X500Name("CN=" + commonName), validity);
    }

    /** The same CA (name and key) with a new certificate valid from now for {@code validity}, as after a renewal. */
    public CertificateAuthority renewed(Duration validity) {
        return selfSigned(keys, X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), validity);
    }

    private static CertificateAuthority selfSigned(KeyPair keys, X500Name name, Duration validity) {
        KeyKind kind = kindOf(keys);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(keys, sign(b, keys, kind));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create CA " + name, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Issues a certificate valid from now for {@code validity}. */
    public Issued issue(String commonName, KeyKind kind, Usage usage, Duration validity) {
        Instant now = Instant.now();
        return issue(commonName, kind, usage, now.minusSeconds(300), now.plus(validity));
    }

    public Issued issue(String commonName, KeyKind kind, Usage usage, Instant notBefore, Instant notAfter) {
        KeyPair subject = generate(kind);
        X509Certificate issued = certify(commonName, subject.getPublic(), usage, notBefore, notAfter);
        return new Issued(subject, issued, List.of(issued, certificate));
    }

    /** Certifies a key generated elsewhere (as for a certificate request); key usage follows the key's type. */
    public X509Certificate certify(String commonName, PublicKey subject, Usage usage, Instant notBefore,
                                   Instant notAfter) {
        int keyUsage = usage == Usage.SIGNING ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation
                : subject.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), subject)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subject))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            return sign(b, keys, kindOf(keys));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    /** A CRL issued now, valid until {@code nextUpdate}, that lists the given certificates as revoked. */
    public X509CRL crl(Instant nextUpdate, X509Certificate... revoked) {
        Instant now = Instant.now();
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(certificate, Date.from(now.minusSeconds(60)))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            for (X509Certificate c : revoked) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(now.minusSeconds(60)), CRLReason.keyCompromise);
            }
            var signer = new JcaContentSignerBuilder(kindOf(keys) == KeyKind.EC_P256 ? "SHA256withECDSA"
                    : "SHA256withRSA").build(keys.getPrivate());
            return new JcaX509CRLConverter().getCRL(b.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a CRL", e);
        }
    }

    static KeyPair generate(KeyKind kind) {
        try {
            if (kind == KeyKind.EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + kind + " key", e);
        }
    }

    private static KeyKind kindOf(KeyPair keys) {
        return keys.getPrivate().getAlgorithm().startsWith("EC") ? KeyKind.EC_P256 : KeyKind.RSA_3072;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer, KeyKind kind)
            throws GeneralSecurityException {
        try {
            var contentSigner = new JcaContentSignerBuilder(kind == KeyKind.EC_P256 ? "SHA256withECDSA"
                    : "SHA256withRSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
