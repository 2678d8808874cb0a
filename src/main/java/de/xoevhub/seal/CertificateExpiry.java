package de.xoevhub.seal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Every certificate the hub depends on, and how long each stays valid: the hub's own keys, the recipients of each
 * destination and, where portals sign, their trust anchors. Certificates that expire within {@link #WARNING} are
 * reported in health and metrics, so that an admin renews them before deliveries fail.
 */
@Component
public class CertificateExpiry {

    /** How early an expiring certificate is reported. */
    public static final Duration WARNING = Duration.ofDays(30);

    /** One watched certificate: what it is for (role), whose it is (owner) and the certificate. */
    public record Watched(String role, String owner, X509Certificate certificate) {

        public Instant notAfter() {
            return certificate.getNotAfter().toInstant();
        }

        public String serial() {
            return certificate.getSerialNumber().toString(16);
        }

        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private final Clock clock;
    private final List<Watched> watched = new CopyOnWriteArrayList<>();

    public CertificateExpiry(Clock clock) {
        this.clock = clock;
    }

    public void watch(String role, String owner, X509Certificate certificate) {
        watched.add(new Watched(role, owner, certificate));
    }

    public List<Watched> all() {
        return List.copyOf(watched);
    }

    /** Whole days until the certificate expires; negative once it has. */
    public long daysLeft(Watched w) {
        return Math.floorDiv(Duration.between(clock.instant(), w.notAfter()).toSeconds(), 86_400L);
    }

    /** Certificates already expired. */
    public List<Watched> expired() {
        Instant now = clock.instant();
        return watched.stream().filter(w -> !w.notAfter().isAfter(now)).toList();
    }

    /** Certificates still valid but expiring within {@link #WARNING}. */
    public List<Watched> expiringSoon() {
        Instant now = clock.instant();
        List<Watched> soon = new ArrayList<>();
        for (Watched w : watched) {
            if (w.notAfter().isAfter(now) && !w.notAfter().isAfter(now.plus(WARNING))) {
                soon.add(w);
            }
        }
        return soon;
    }
}
