package de.xoevhub.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.util.List;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.springframework.stereotype.Component;

/**
 * Seals a message for its destination, streaming: a CMS SignedData in the CAdES-BES profile (signing-time and ESS
 * signing-certificate-v2 as signed attributes, the content encapsulated, the hub's chain included), whose DER is
 * encrypted (declared as id-data, as OpenSSL does; RFC 5083 would otherwise demand authenticated attributes) for
 * every recipient certificate in an AuthEnvelopedData with AES-256-GCM (RFC 5083) or an EnvelopedData with
 * AES-256-CBC. RSA recipients get RSA-OAEP with SHA-256, EC recipients ephemeral-static ECDH with the X9.63 SHA-256
 * KDF and AES-256 key wrap. Neither the content nor the result is held in memory as a whole.
 */
@Component
public class Sealer {

    static final Provider BC = provider();
    /**
     * Digests and content encryption use the JDK's providers, whose SHA-256 and AES-GCM/CBC use the CPU's
     * instructions; BouncyCastle signs (RSASSA-PSS by its CMS name) and does the ECDH key agreement with the X9.63 KDF.
     */
    private static final DigestCalculatorProvider DIGESTS = digests();
    private static final DefaultSignatureAlgorithmIdentifierFinder SIGNATURE_ALGORITHMS =
            new DefaultSignatureAlgorithmIdentifierFinder();
    private static final DefaultDigestAlgorithmIdentifierFinder DIGEST_ALGORITHMS =
            new DefaultDigestAlgorithmIdentifierFinder();
    /** RSA-OAEP with SHA-256 and MGF1 with SHA-256 for RSA recipients. */
    private static final AlgorithmIdentifier RSA_OAEP = rsaOaep();

    /** What sealing produced, for the Laufzettel: the mode, the signer and the recipients. */
    public record Seal(SealMode mode, String signer, List<String> recipients) {

        /** One line for the Laufzettel. */
        public String describe() {
            return mode == SealMode.OFF ? "seal=off (configured for this destination)"
                    : "seal=" + mode.label() + " signer=" + signer + " recipients=" + recipients;
        }
    }

    private final HubKeys keys;
    private final Clock clock;
    private volatile Cached cached;

    public Sealer(HubKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Reads {@code content} to its end and writes the sealed message to {@code out}, which stays open. */
    public Seal seal(InputStream content, OutputStream out, Recipients recipients) throws IOException {
        if (recipients.mode() == SealMode.OFF) {
            content.transferTo(out);
            return new Seal(SealMode.OFF, null, List.of());
        }
        recipients.requireValid(clock.instant());
        HubKeys.SigningKey signer = keys.active();
        String signerName;
        try {
            signerName = cached(signer).description;
            OutputStream encrypted = encrypt(out, recipients);
            try (OutputStream signed = sign(signer).open(encrypted, true)) {
                content.transferTo(signed);
            }
            encrypted.close();
        } catch (CMSException | GeneralSecurityException | OperatorCreationException e) {
            throw new SealingException("sealing failed: " + e.getMessage(), e);
        }
        return new Seal(recipients.mode(), signerName,
                recipients.certificates().stream().map(Recipients::describe).toList());
    }

    /**
     * Signs without encrypting: a CAdES-BES SignedData with the content encapsulated, e.g. a signed receipt. Returns
     * the signer as described on the Laufzettel.
     */
    public String sign(InputStream content, OutputStream out) throws IOException {
        HubKeys.SigningKey signer = keys.active();
        try (OutputStream signed = sign(signer).open(out, true)) {
            content.transferTo(signed);
            return cached(signer).description;
        } catch (CMSException | GeneralSecurityException | OperatorCreationException e) {
            throw new SealingException("signing failed: " + e.getMessage(), e);
        }
    }

    private CMSSignedDataStreamGenerator sign(HubKeys.SigningKey signer)
            throws GeneralSecurityException, OperatorCreationException, CMSException, IOException {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        // the default generator adds content-type, message-digest, signing-time and CMS algorithm protection
        Cached cached = cached(signer);
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(DIGESTS)
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(cached.attributes))
                .build(contentSigner(signer, cached), cached.certificate));
        generator.addCertificates(cached.chain);
        return generator;
    }

    /**
     * An ECDSA key signs with BouncyCastle's own signer on key parameters converted once: through the JCA, each
     * signature converts the keystore's key again, with a new generator point, so BouncyCastle precomputes its
     * multiples again for every signature (2.8 times slower, docs/BENCHMARKS.md). RSA keys sign through the JCA,
     * and so does a key that cannot be exported.
     */
    private static ContentSigner contentSigner(HubKeys.SigningKey signer, Cached cached)
            throws OperatorCreationException {
        if (cached.ecKey == null) {
            return new JcaContentSignerBuilder(signer.algorithm()).setProvider(BC).build(signer.key());
        }
        return new BcECContentSignerBuilder(cached.algorithm, DIGEST_ALGORITHMS.find(cached.algorithm))
                .build(cached.ecKey);
    }

    /**
     * What signing needs per signing key, computed once: the CAdES-BES attribute (the signer's certificate bound by
     * its hash, ESS signing-certificate-v2, SHA-256 by default), the certificate and its chain in BouncyCastle's form,
     * the signature algorithm, the signer as the Laufzettel names it and, for an EC key, its BouncyCastle key
     * parameters.
     */
    private Cached cached(HubKeys.SigningKey signer) throws GeneralSecurityException, IOException {
        Cached cached = this.cached;
        if (cached != null && cached.signer == signer) {
            return cached;
        }
        X509Certificate cert = signer.certificate();
        ESSCertIDv2 certId = new ESSCertIDv2(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()),
                new IssuerSerial(new GeneralNames(new GeneralName(X500Name.getInstance(
                        cert.getIssuerX500Principal().getEncoded()))), cert.getSerialNumber()));
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId}))));
        // a key that cannot be exported (a hardware token) signs through its JCA provider
        byte[] encoded = signer.key() instanceof ECPrivateKey ? signer.key().getEncoded() : null;
        AsymmetricKeyParameter ecKey = encoded == null ? null
                : PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(encoded));
        this.cached = new Cached(signer, new AttributeTable(attributes), new JcaX509CertificateHolder(cert),
                new JcaCertStore(signer.chain()), ecKey, SIGNATURE_ALGORITHMS.find(signer.algorithm()),
                Recipients.describe(cert));
        return this.cached;
    }

    private record Cached(HubKeys.SigningKey signer, AttributeTable attributes, X509CertificateHolder certificate,
                          Store<X509CertificateHolder> chain, AsymmetricKeyParameter ecKey,
                          AlgorithmIdentifier algorithm, String description) {
    }

    private static OutputStream encrypt(OutputStream out, Recipients recipients)
            throws CMSException, IOException, GeneralSecurityException {
        if (recipients.mode() == SealMode.AES_256_GCM) {
            CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
            addRecipients(generator, recipients);
            var encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).build();
            return generator.open(CMSObjectIdentifiers.data, out, encryptor);
        }
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        addRecipients(generator, recipients);
        return generator.open(CMSObjectIdentifiers.data, out,
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
    }

    private static void addRecipients(CMSEnvelopedGenerator generator, Recipients recipients)
            throws GeneralSecurityException {
        for (X509Certificate cert : recipients.certificates()) {
            generator.addRecipientInfoGenerator(recipient(cert));
        }
    }

    private static RecipientInfoGenerator recipient(X509Certificate cert) throws GeneralSecurityException {
        if (cert.getPublicKey().getAlgorithm().equals("RSA")) {
            return new JceKeyTransRecipientInfoGenerator(cert, RSA_OAEP).setProvider(BC);
        }
        // ephemeral-static ECDH: a fresh key pair on the recipient's curve, per message and recipient
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(((ECPublicKey) cert.getPublicKey()).getParams());
        KeyPair ephemeral = generator.generateKeyPair();
        return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP).addRecipient(cert).setProvider(BC);
    }

    private static AlgorithmIdentifier rsaOaep() {
        try {
            return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Provider provider() {
        Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        return p != null ? p : new BouncyCastleProvider();
    }
}
