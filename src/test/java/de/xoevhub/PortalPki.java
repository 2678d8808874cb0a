package de.xoevhub;

import de.xoevhub.seal.CertificateAuthority;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The portals' own PKI in the integration tests: one CA per test JVM, whose certificate routing-it.yaml names as
 * trust anchor ({@code ${hub.data-dir}/portal-pki/ca.crt}). It is written before the hub starts; tests issue the
 * portal's signing certificates from the same CA.
 */
public final class PortalPki {

    // longer than the 30 days within which the hub reports its trust anchor as expiring
    private static final CertificateAuthority CA = CertificateAuthority.create("demo portal CA", KeyKind.EC_P256,
            Duration.ofDays(365));

    private PortalPki() {
    }

    public static CertificateAuthority ca() {
        return CA;
    }

    /** Writes the CA certificate to {@code dataDir/portal-pki/ca.crt}, where routing-it.yaml expects it. */
    public static Path writeTo(Path dataDir) {
        Path dir = dataDir.resolve("portal-pki");
        try {
            Files.createDirectories(dir);
            PemFiles.write(dir.resolve("ca.crt"), CA.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
