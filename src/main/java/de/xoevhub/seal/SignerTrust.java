package de.xoevhub.seal;

import de.xoevhub.seal.UnsealingException.Reason;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whom one portal's signatures must chain to: its trust anchors (CA certificates) and, optionally, CRLs. With CRLs
 * configured, revocation is checked and every CA of the chain needs a current CRL among them. Validation is
 * PKIX ({@link CertPathValidator}): signatures along the chain to an anchor, validity at the given time, basic
 * constraints, and for the signer key usage digitalSignature or nonRepudiation. PKIX takes an anchor as given and
 * never checks its validity, so only the anchors valid at that time take part: a chain that ends in an anchor that
 * has expired (or is not valid yet) is untrusted, while a renewed certificate of the same CA configured beside it
 * still serves.
 */
public final class SignerTrust {

    private static final int MAX_CHAIN = 8;
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;

    private final Set<TrustAnchor> anchors;
    private final List<X509CRL> crls;

    public SignerTrust(List<X509Certificate> anchors, List<X509CRL> crls) {
        this.anchors = anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toUnmodifiableSet());
        this.crls = List.copyOf(crls);
    }

    /** A portal that configures no trust anchors: every signature it sends is refused as untrusted. */
    public static SignerTrust none() {
        return new SignerTrust(List.of(), List.of());
    }

    public boolean hasAnchors() {
        return !anchors.isEmpty();
    }

    /**
     * Validates the signer's certificate at {@code at}, building the chain from the certificates the message
     * carried. Returns the chain from the signer up to and including the trust anchor.
     */
    List<X509Certificate> validate(X509Certificate signer, Collection<X509Certificate> offered, Instant at) {
        if (anchors.isEmpty()) {
            throw new UnsealingException(Reason.SIGNER_UNTRUSTED, "no trust anchors are configured for this portal "
                    + "(hub.portals[].trust-anchors), so no signature can be trusted");
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && !usage[DIGITAL_SIGNATURE] && !usage[NON_REPUDIATION]) {
            throw new UnsealingException(Reason.SIGNER_UNTRUSTED, "the signer's certificate " + describe(signer)
                    + " allows neither digitalSignature nor nonRepudiation");
        }
        List<X509Certificate> path = path(signer, offered);
        Set<TrustAnchor> valid = anchors.stream().filter(a -> validAt(a.getTrustedCert(), at))
                .collect(Collectors.toUnmodifiableSet());
        if (valid.isEmpty()) {
            throw lapsedAnchor(path, at).orElseGet(() -> new UnsealingException(Reason.SIGNER_UNTRUSTED,
                    "no trust anchor of this portal is valid now (hub.portals[].trust-anchors)"));
        }
        try {
            PKIXParameters params = new PKIXParameters(valid);
            params.setDate(Date.from(at));
            params.setRevocationEnabled(!crls.isEmpty());
            if (!crls.isEmpty()) {
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            List<X509Certificate> chain = new ArrayList<>(path);
            chain.add(result.getTrustAnchor().getTrustedCert());
            return chain;
        } catch (CertPathValidatorException e) {
            throw e.getReason() == PKIXReason.NO_TRUST_ANCHOR ? lapsedAnchor(path, at).orElseGet(() -> refusal(e, path))
                    : refusal(e, path);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("PKIX parameters: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new UnsealingException(Reason.SIGNER_UNTRUSTED, "the signer's chain cannot be validated: "
                    + e.getMessage(), e);
        }
    }

    /** The signer and the issuers the message carried, up to the first certificate an anchor has issued. */
    private List<X509Certificate> path(X509Certificate signer, Collection<X509Certificate> offered) {
        List<X509Certificate> path = new ArrayList<>(List.of(signer));
        X509Certificate current = signer;
        while (path.size() < MAX_CHAIN && !issuedByAnchor(current)) {
            X509Certificate child = current;
            X509Certificate issuer = offered.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                    .filter(c -> !path.contains(c)).findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            path.add(issuer);
            current = issuer;
        }
        return path;
    }

    private static boolean validAt(X509Certificate c, Instant at) {
        return !at.isBefore(c.getNotBefore().toInstant()) && !at.isAfter(c.getNotAfter().toInstant());
    }

    /**
     * For a path no valid anchor takes: the refusal naming the anchor that issued its last certificate but is not
     * valid at {@code at}; empty if no anchor issued it.
     */
    private Optional<UnsealingException> lapsedAnchor(List<X509Certificate> path, Instant at) {
        X509Certificate top = path.get(path.size() - 1);
        return anchors.stream().map(TrustAnchor::getTrustedCert).filter(a -> !validAt(a, at))
                .filter(a -> a.getSubjectX500Principal().equals(top.getIssuerX500Principal()))
                .filter(a -> signedBy(top, a)).findFirst()
                .map(a -> new UnsealingException(Reason.SIGNER_UNTRUSTED, "the signer's chain ends in the trust "
                        + "anchor " + describe(a) + ", which is not valid now (valid " + a.getNotBefore().toInstant()
                        + " to " + a.getNotAfter().toInstant() + "); the portal's CA certificate needs renewing in "
                        + "hub.portals[].trust-anchors"));
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean issuedByAnchor(X509Certificate c) {
        return anchors.stream().anyMatch(a -> a.getTrustedCert().getSubjectX500Principal()
                .equals(c.getIssuerX500Principal()));
    }

    private static UnsealingException refusal(CertPathValidatorException e, List<X509Certificate> path) {
        String which = e.getIndex() >= 0 && e.getIndex() < path.size() ? "the certificate " + describe(path.get(e.getIndex()))
                : "the signer's chain";
        if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
            X509Certificate c = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.get(0);
            return new UnsealingException(Reason.CERTIFICATE_NOT_VALID, which + " is not valid now (valid "
                    + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")", e);
        }
        if (e.getReason() == BasicReason.REVOKED) {
            return new UnsealingException(Reason.CERTIFICATE_REVOKED, which + " is revoked", e);
        }
        if (e.getReason() == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new UnsealingException(Reason.SIGNER_UNTRUSTED, "the revocation status of " + which
                    + " is unknown: no current CRL of its issuer is configured for this portal", e);
        }
        return new UnsealingException(Reason.SIGNER_UNTRUSTED, which + " does not chain to a trust anchor of this "
                + "portal (" + e.getReason() + ")", e);
    }

    static String describe(X509Certificate c) {
        return Recipients.describe(c);
    }
}
