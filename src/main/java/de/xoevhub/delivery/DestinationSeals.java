package de.xoevhub.delivery;

import de.xoevhub.routing.RoutingProperties;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.seal.CertificateExpiry;
import de.xoevhub.seal.DevPki;
import de.xoevhub.seal.PemFiles;
import de.xoevhub.seal.Recipients;
import de.xoevhub.seal.SealMode;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The recipients of every destination, loaded from the certificate files the routing table names. A missing or
 * unreadable file, or a certificate that cannot be a recipient, stops the start and names the destination.
 */
@Component
public class DestinationSeals {

    private final Map<String, Recipients> recipients = new HashMap<>();

    /** The development PKI, if on, is generated first: the demo destination names its recipient certificate. */
    public DestinationSeals(RoutingProperties routing, DevPki devPki, CertificateExpiry expiry) {
        for (Destination d : routing.destinations()) {
            try {
                SealMode mode = SealMode.of(d.seal().mode());
                List<X509Certificate> certificates = d.seal().certificates().stream()
                        .flatMap(file -> certificates(file).stream()).toList();
                if (mode != SealMode.OFF) {
                    certificates.forEach(c -> expiry.watch("recipient", d.id(), c));
                }
                recipients.put(d.id(), mode == SealMode.OFF ? Recipients.off() : new Recipients(mode, certificates));
            } catch (RuntimeException e) {
                throw new IllegalStateException("hub.routing: destination '" + d.id() + "': seal: " + e.getMessage(), e);
            }
        }
    }

    public Recipients of(String destination) {
        Recipients r = recipients.get(destination);
        if (r == null) {
            throw new IllegalStateException("no destination '" + destination + "' in the routing table");
        }
        return r;
    }

    private static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> found = PemFiles.certificates(file);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + file);
        }
        return found;
    }
}
