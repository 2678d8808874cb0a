package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.seal.CertificateAuthority;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.CertificateExpiry;
import de.xoevhub.seal.CertificateHealth;
import de.xoevhub.seal.PemFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;

/**
 * Trust configuration that cannot work stops the start, naming the portal; a good one is loaded per portal, and
 * its anchors are watched for expiry like the hub's other certificates.
 */
class PortalTrustTest {

    private static final String TOKEN = "0".repeat(64);

    @TempDir
    static Path dir;

    static Path ca;
    static Path crl;
    static Path leaf;

    @BeforeAll
    static void files() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create("portal CA", KeyKind.EC_P256, Duration.ofDays(1));
        ca = dir.resolve("ca.crt");
        PemFiles.write(ca, authority.certificate());
        crl = dir.resolve("ca.crl");
        PemFiles.write(crl, authority.crl(Instant.now().plus(Duration.ofDays(1))));
        leaf = dir.resolve("leaf.crt");
        PemFiles.write(leaf, authority.issue("signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(1)).certificate());
    }

    @Test
    void aPortalWithAnchorsAndCrlsIsLoadedAndOneWithoutTrustsNoOne() {
        Portal trusting = new Portal("kita", "t", TOKEN, List.of(ca), List.of(crl), true, null, null, null);
        Portal plain = new Portal("plain", "t", "1".repeat(64), null, null, false, null, null, null);

        PortalTrust trust = new PortalTrust(new PortalProperties(List.of(trusting, plain)), expiry(Instant.now()));

        assertThat(trust.of(trusting).hasAnchors()).isTrue();
        assertThat(trust.of(plain).hasAnchors()).isFalse();
    }

    @Test
    void eachPortalsAnchorsAreWatchedForExpiry() {
        Portal kita = new Portal("kita", "t", TOKEN, List.of(ca), null, false, null, null, null);
        Portal strict = new Portal("strict", "t", "1".repeat(64), List.of(ca), null, true, null, null, null);
        CertificateExpiry expiry = expiry(Instant.now().plus(Duration.ofDays(2))); // the anchor is valid for 1 day

        new PortalTrust(new PortalProperties(List.of(kita, strict)), expiry);

        assertThat(expiry.all()).extracting(CertificateExpiry.Watched::role, CertificateExpiry.Watched::owner,
                CertificateExpiry.Watched::subject).containsExactlyInAnyOrder(
                tuple("trust-anchor", "kita", "CN=portal CA"), tuple("trust-anchor", "strict", "CN=portal CA"));
        assertThat(expiry.expired()).extracting(CertificateExpiry.Watched::owner)
                .containsExactlyInAnyOrder("kita", "strict");
        assertThat(new CertificateHealth(expiry).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void unusableTrustStopsTheStartNamingThePortal() {
        assertThatThrownBy(() -> load(new Portal("p1", "t", TOKEN, List.of(leaf), null, false, null, null, null)))
                .hasMessageContaining("portal 'p1'").hasMessageContaining("no CA certificate");
        assertThatThrownBy(() -> load(new Portal("p2", "t", TOKEN, null, List.of(crl), false, null, null, null)))
                .hasMessageContaining("portal 'p2'").hasMessageContaining("no trust-anchors");
        assertThatThrownBy(() -> load(new Portal("p3", "t", TOKEN, null, null, true, null, null, null)))
                .hasMessageContaining("portal 'p3'").hasMessageContaining("require-signature needs trust-anchors");
        assertThatThrownBy(() -> load(new Portal("p4", "t", TOKEN, List.of(dir.resolve("missing.crt")), null, false, null, null, null)))
                .hasMessageContaining("portal 'p4'").hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> load(new Portal("p5", "t", TOKEN, List.of(ca), List.of(ca), false, null, null, null)))
                .hasMessageContaining("portal 'p5'").hasMessageContaining("cannot read CRLs");
    }

    private static PortalTrust load(Portal p) {
        return new PortalTrust(new PortalProperties(List.of(p)), expiry(Instant.now()));
    }

    private static CertificateExpiry expiry(Instant now) {
        return new CertificateExpiry(Clock.fixed(now, ZoneOffset.UTC));
    }
}
