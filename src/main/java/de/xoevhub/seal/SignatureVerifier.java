package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * Verifies one SignedData layer: the encapsulated content against every SignerInfo (digest and signature), the
 * algorithms against {@link AlgorithmPolicy}, and each signer's certificate against the portal's
 * {@link SignerTrust} at the time of receipt. BouncyCastle also checks that the certificate was valid at the
 * signing time, where the signature has one.
 */
final class SignatureVerifier {

    /** The content inside, its type, and one description per signer for the Laufzettel. */
    record Verified(ASN1ObjectIdentifier contentType, String detail) {
    }

    private final DigestCalculatorProvider digests;
    private final JcaX509CertificateConverter certificates = new JcaX509CertificateConverter().setProvider(Sealer.BC);
    private final Clock clock;

    SignatureVerifier(Clock clock) {
        this.clock = clock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(Sealer.BC).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies the SignedData in {@code cms} and writes its content to {@code out} as it is read. */
    Verified verify(Content cms, SignerTrust trust, OutputStream out) {
        try (InputStream in = CmsStream.open(cms)) {
            CMSSignedDataParser parser = new CMSSignedDataParser(digests, in);
            CMSTypedStream signed = parser.getSignedContent();
            if (signed == null) {
                throw new UnsealingException(Reason.MALFORMED, "the SignedData carries no content (a detached "
                        + "signature); sign with the content encapsulated (openssl cms -sign -nodetach)");
            }
            CmsStream.copy(signed.getContentStream(), out);
            Store<X509CertificateHolder> carried = parser.getCertificates();
            Collection<SignerInformation> signers = parser.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                throw new UnsealingException(Reason.MALFORMED, "the SignedData has no SignerInfo");
            }
            List<X509Certificate> offered = new ArrayList<>();
            for (X509CertificateHolder h : carried.getMatches(null)) {
                offered.add(certificates.getCertificate(h));
            }
            List<String> described = new ArrayList<>();
            for (SignerInformation signer : signers) {
                described.add(verify(signer, carried, offered, trust));
            }
            return new Verified(signed.getContentType(), String.join("; ", described));
        } catch (CMSException | IOException | CertificateException | IllegalArgumentException | IllegalStateException
                 | ClassCastException e) {
            throw new UnsealingException(Reason.MALFORMED, "the SignedData cannot be read: " + e.getMessage(), e);
        }
    }

    private String verify(SignerInformation signer, Store<X509CertificateHolder> carried,
                          List<X509Certificate> offered, SignerTrust trust) throws CertificateException {
        String digest = AlgorithmPolicy.digest(signer.getDigestAlgorithmID());
        String signature = AlgorithmPolicy.signature(signer.toASN1Structure().getDigestEncryptionAlgorithm());
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = carried.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new UnsealingException(Reason.SIGNER_UNTRUSTED, "the signer's certificate is not in the SignedData; "
                    + "include it (openssl cms -sign does unless -nocerts is given)");
        }
        X509Certificate certificate = certificates.getCertificate(matches.iterator().next());
        AlgorithmPolicy.signerKey(certificate.getPublicKey());
        checkSignature(signer, certificate);
        List<X509Certificate> chain = trust.validate(certificate, offered, clock.instant());
        Instant signingTime = signingTime(signer);
        return "signer=" + SignerTrust.describe(certificate)
                + " chain=" + chain.stream().map(SignerTrust::describe).toList()
                + " signingTime=" + (signingTime == null ? "absent" : signingTime)
                + " digest=" + digest + " signature=" + signature;
    }

    private static void checkSignature(SignerInformation signer, X509Certificate certificate) {
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Sealer.BC).build(certificate));
        } catch (CMSSignerDigestMismatchException e) {
            throw new UnsealingException(Reason.SIGNATURE_INVALID, "the content does not match the signature "
                    + "(message digest mismatch)", e);
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new UnsealingException(Reason.CERTIFICATE_NOT_VALID, "the signer's certificate "
                    + SignerTrust.describe(certificate) + " was not valid at the signing time (valid "
                    + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + ")", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new UnsealingException(Reason.SIGNATURE_INVALID, "the signature cannot be verified: "
                    + e.getMessage(), e);
        }
        if (!valid) {
            throw new UnsealingException(Reason.SIGNATURE_INVALID, "the signature does not verify with the signer's "
                    + "certificate " + SignerTrust.describe(certificate));
        }
    }

    private static Instant signingTime(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return null;
        }
        Attribute a = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        return a == null || a.getAttrValues().size() != 1 ? null
                : Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    }
}
