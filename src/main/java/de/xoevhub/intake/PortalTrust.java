package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.seal.CertificateExpiry;
import de.xoevhub.seal.PemFiles;
import de.xoevhub.seal.SignerTrust;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Each portal's {@link SignerTrust}, loaded once at start from {@code hub.portals[].trust-anchors} and
 * {@code crls}. An unreadable or empty file, a certificate that is no CA, CRLs without trust anchors, or
 * {@code require-signature} without trust anchors stop the start and name the portal. Every anchor is watched by
 * {@link CertificateExpiry} (role {@code trust-anchor}, owner the portal): once it expires the portal's signatures
 * are refused, so an admin should renew it before, as any other certificate the hub depends on.
 */
@Component
class PortalTrust {

    private final Map<String, SignerTrust> trust = new HashMap<>();

    PortalTrust(PortalProperties properties, CertificateExpiry expiry) {
        for (Portal p : properties.portals()) {
            try {
                trust.put(p.id(), load(p, expiry));
            } catch (RuntimeException e) {
                throw new IllegalStateException("hub.portals: portal '" + p.id() + "': " + e.getMessage(), e);
            }
        }
    }

    SignerTrust of(Portal portal) {
        return trust.getOrDefault(portal.id(), SignerTrust.none());
    }

    private static SignerTrust load(Portal p, CertificateExpiry expiry) {
        List<X509Certificate> anchors = p.trustAnchors().stream().flatMap(f -> anchors(f).stream()).toList();
        List<X509CRL> crls = p.crls().stream().flatMap(f -> crls(f).stream()).toList();
        if (anchors.isEmpty() && !crls.isEmpty()) {
            throw new IllegalArgumentException("crls are configured, but no trust-anchors");
        }
        if (anchors.isEmpty() && p.requireSignature()) {
            throw new IllegalArgumentException("require-signature needs trust-anchors");
        }
        anchors.forEach(a -> expiry.watch("trust-anchor", p.id(), a));
        return new SignerTrust(anchors, crls);
    }

    private static List<X509Certificate> anchors(Path file) {
        List<X509Certificate> found = PemFiles.certificates(file);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("trust-anchors: no certificate in " + file);
        }
        for (X509Certificate c : found) {
            if (c.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("trust-anchors: " + file + " holds '"
                        + c.getSubjectX500Principal().getName() + "', which is no CA certificate");
            }
        }
        return found;
    }

    private static List<X509CRL> crls(Path file) {
        List<X509CRL> found = PemFiles.crls(file);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("crls: no CRL in " + file);
        }
        return found;
    }
}
