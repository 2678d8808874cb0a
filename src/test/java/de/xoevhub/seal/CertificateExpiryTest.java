package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Expiring and expired certificates show in the certificates health component, with days left. */
class CertificateExpiryTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("expiry CA", KeyKind.EC_P256,
            Duration.ofDays(3650));
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final CertificateExpiry expiry = new CertificateExpiry(Clock.fixed(NOW, ZoneOffset.UTC));
    private final CertificateHealth health = new CertificateHealth(expiry);

    @Test
    void certificatesValidLongerThan30DaysAreUp() {
        expiry.watch("hub-key", "hub", issue(NOW.plus(Duration.ofDays(31))));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("watched", 1);
    }

    @Test
    void aCertificateExpiringWithin30DaysIsReportedWithDaysLeft() {
        expiry.watch("hub-key", "hub", issue(NOW.plus(Duration.ofDays(200))));
        expiry.watch("recipient", "wohngeld", issue(NOW.plus(Duration.ofDays(12)).plusSeconds(60)));

        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(CertificateHealth.EXPIRING);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> soon = (List<Map<String, Object>>) h.getDetails().get("expiringWithin30Days");
        assertThat(soon).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("role", "recipient").containsEntry("owner", "wohngeld")
                    .containsEntry("daysLeft", 12L);
        });
    }

    @Test
    void expiringDoesNotTurnTheHubsOverallHealthRedButExpiredDoes() {
        var aggregator = new org.springframework.boot.actuate.health.SimpleStatusAggregator();
        assertThat(aggregator.getAggregateStatus(Status.UP, CertificateHealth.EXPIRING)).isEqualTo(Status.UP);
        assertThat(aggregator.getAggregateStatus(Status.UP, Status.DOWN)).isEqualTo(Status.DOWN);
    }

    @Test
    void anExpiredCertificateIsDownAndHasNegativeDaysLeft() {
        expiry.watch("recipient", "bau", issue(NOW.minus(Duration.ofDays(3))));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(expiry.daysLeft(expiry.all().get(0))).isEqualTo(-3);
    }

    private static java.security.cert.X509Certificate issue(Instant notAfter) {
        return CA.issue("watched", KeyKind.EC_P256, Usage.ENCRYPTION, notAfter.minus(Duration.ofDays(400)), notAfter)
                .certificate();
    }
}
