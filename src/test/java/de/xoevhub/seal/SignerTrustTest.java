package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.UnsealingException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A portal's trust anchor counts only while it is valid itself (PKIX alone would trust it for ever): a signature
 * whose chain ends in an expired anchor is refused as untrusted, and one the renewed anchor covers is accepted.
 */
class SignerTrustTest {

    private static final Instant NOW = Instant.now();
    /** When the portal CA's first certificate (30 days) has expired and the signer's (90 days) has not. */
    private static final Instant LATER = NOW.plus(Duration.ofDays(45));

    private final CertificateAuthority ca = CertificateAuthority.create("portal CA", KeyKind.EC_P256,
            Duration.ofDays(30));
    private final Issued signer = ca.issue("portal signer", KeyKind.EC_P256, Usage.SIGNING, NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(90)));

    @Test
    void aChainEndingInAValidAnchorIsTrusted() {
        SignerTrust trust = new SignerTrust(List.of(ca.certificate()), List.of());

        assertThat(trust.validate(signer.certificate(), List.of(), NOW)).containsExactly(signer.certificate(),
                ca.certificate());
    }

    @Test
    void aChainEndingInAnExpiredAnchorIsUntrustedNamingTheAnchor() {
        SignerTrust trust = new SignerTrust(List.of(ca.certificate()), List.of());

        assertThatThrownBy(() -> trust.validate(signer.certificate(), List.of(), LATER))
                .isInstanceOfSatisfying(UnsealingException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.SIGNER_UNTRUSTED))
                .hasMessageContaining("trust anchor 'CN=portal CA'")
                .hasMessageContaining("not valid now")
                .hasMessageContaining(ca.certificate().getNotAfter().toInstant().toString());
    }

    @Test
    void anExpiredAnchorBesideAValidOneOfAnotherCaIsStillUntrustedForItsChains() {
        CertificateAuthority other = CertificateAuthority.create("other CA", KeyKind.EC_P256, Duration.ofDays(365));
        SignerTrust trust = new SignerTrust(List.of(ca.certificate(), other.certificate()), List.of());

        assertThatThrownBy(() -> trust.validate(signer.certificate(), List.of(), LATER))
                .isInstanceOfSatisfying(UnsealingException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.SIGNER_UNTRUSTED))
                .hasMessageContaining("trust anchor 'CN=portal CA'");
    }

    @Test
    void theRenewedCertificateOfTheCaConfiguredBesideTheExpiredOneServesWhatItIssued() {
        CertificateAuthority renewed = ca.renewed(Duration.ofDays(365));
        Issued reissued = renewed.issue("portal signer", KeyKind.EC_P256, Usage.SIGNING, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(90)));
        SignerTrust trust = new SignerTrust(List.of(ca.certificate(), renewed.certificate()), List.of());

        assertThat(trust.validate(reissued.certificate(), List.of(), LATER)).last().isEqualTo(renewed.certificate());
        assertThatThrownBy(() -> trust.validate(signer.certificate(), List.of(), LATER))
                .as("a certificate issued under the expired CA certificate").hasMessageContaining("not valid now");
    }
}
