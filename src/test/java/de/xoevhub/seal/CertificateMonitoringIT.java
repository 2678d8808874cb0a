package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.HubIT;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The certificates the running hub depends on (its dev signing key, the destinations' recipients, the portals'
 * trust anchors) are watched: health has a certificates component and Prometheus the days each has left.
 */
class CertificateMonitoringIT extends HubIT {

    @Test
    void healthAndPrometheusReportTheWatchedCertificates() throws Exception {
        JsonNode health = new ObjectMapper().readTree(get(null, "/actuator/health").body());
        JsonNode certificates = health.at("/components/certificates");
        assertThat(certificates.get("status").asText()).isEqualTo("UP");
        // the hub's signing and encryption keys, the demo recipient of the five sealed test destinations
        // (amqp-check, sealed-cbc, dms-sftp, dms-xdomea, dms-openssh in routing-it.yaml), and the portal CA that
        // demo-portal and strict-portal trust
        assertThat(certificates.at("/details/watched").asInt()).isEqualTo(9);

        String prometheus = get(null, "/actuator/prometheus").body();
        Matcher hub = Pattern.compile("xoevhub_certificate_expiry_days\\{[^}]*owner=\"hub\"[^}]*role=\"hub-key\"[^}]*} (\\S+)")
                .matcher(prometheus);
        assertThat(hub.find()).as(prometheus).isTrue();
        // the dev PKI issues the hub certificate for 825 days
        assertThat(Double.parseDouble(hub.group(1))).isBetween(823.0, 825.0);
        assertThat(prometheus).contains("xoevhub_certificate_expiry_days{owner=\"sealed-cbc\",role=\"recipient\"")
                .contains("xoevhub_certificate_expiry_days{owner=\"demo-portal\",role=\"trust-anchor\"")
                .contains("xoevhub_certificate_expiry_days{owner=\"strict-portal\",role=\"trust-anchor\"")
                .containsPattern("xoevhub_certificates_expiring(\\{[^}]*})? 0.0");
    }
}
