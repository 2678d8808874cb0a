package de.xoevhub.seal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code certificates} health component: DOWN when a certificate the hub depends on has expired, EXPIRING when
 * one expires within 30 days, UP otherwise; the details list the certificates concerned. EXPIRING is not in the
 * health status order, so the aggregate ignores it: an expiring certificate shows in the component without turning
 * the hub's health red (HTTP 200). Readiness does not depend on this component at all.
 */
@Component("certificates")
public class CertificateHealth implements HealthIndicator {

    public static final Status EXPIRING = new Status("EXPIRING", "a certificate expires within 30 days");

    private final CertificateExpiry expiry;

    public CertificateHealth(CertificateExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public Health health() {
        List<CertificateExpiry.Watched> expired = expiry.expired();
        List<CertificateExpiry.Watched> soon = expiry.expiringSoon();
        Health.Builder health = !expired.isEmpty() ? Health.down() : !soon.isEmpty() ? Health.status(EXPIRING)
                : Health.up();
        health.withDetail("watched", expiry.all().size());
        if (!expired.isEmpty()) {
            health.withDetail("expired", expired.stream().map(this::describe).toList());
        }
        if (!soon.isEmpty()) {
            health.withDetail("expiringWithin30Days", soon.stream().map(this::describe).toList());
        }
        return health.build();
    }

    private Map<String, Object> describe(CertificateExpiry.Watched w) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", w.role());
        d.put("owner", w.owner());
        d.put("subject", w.subject());
        d.put("serial", w.serial());
        d.put("notAfter", w.notAfter().toString());
        d.put("daysLeft", expiry.daysLeft(w));
        return d;
    }
}
