package de.xoevhub.seal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Metrics of the watched certificates: {@code xoevhub.certificate.expiry.days} per certificate (role, owner,
 * serial) and {@code xoevhub.certificates.expiring} (expired or expiring within 30 days), for alerting rules.
 * Registered once the application is ready, when every component has said which certificates it depends on.
 */
@Component
public class CertificateMetrics {

    private final CertificateExpiry expiry;
    private final MeterRegistry registry;

    public CertificateMetrics(CertificateExpiry expiry, MeterRegistry registry) {
        this.expiry = expiry;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        for (CertificateExpiry.Watched w : expiry.all()) {
            Gauge.builder("xoevhub.certificate.expiry.days", () -> expiry.daysLeft(w))
                    .description("Days until the certificate expires (negative: expired)")
                    .tags("role", w.role(), "owner", w.owner(), "serial", w.serial())
                    .register(registry);
        }
        Gauge.builder("xoevhub.certificates.expiring", () -> expiry.expired().size() + expiry.expiringSoon().size())
                .description("Certificates expired or expiring within 30 days")
                .register(registry);
    }
}
