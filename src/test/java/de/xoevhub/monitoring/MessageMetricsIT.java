package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus counts submissions by state, tenant and standard, as they commit. */
class MessageMetricsIT extends HubIT {

    @Test
    void acceptedDeliveredAndRejectedAreCounted() throws Exception {
        double accepted = count("ACCEPTED", "demo", "XoevHubDemo");
        double delivered = count("DELIVERED", "demo", "XoevHubDemo");
        double rejected = count("REJECTED", "demo", "unknown");

        var response = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        awaitState(DEMO_TOKEN, new ObjectMapper().readTree(response.body()).get("id").asText(), "DELIVERED");
        assertThat(postXml("<kaputt".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(count("ACCEPTED", "demo", "XoevHubDemo")).isEqualTo(accepted + 1);
            assertThat(count("DELIVERED", "demo", "XoevHubDemo")).isEqualTo(delivered + 1);
            assertThat(count("REJECTED", "demo", "unknown")).isEqualTo(rejected + 1);
        });
    }

    /** The counter's value in /actuator/prometheus, 0 when it does not exist yet. */
    private double count(String state, String tenant, String standard) throws Exception {
        String prometheus = get(null, "/actuator/prometheus").body();
        Matcher m = Pattern.compile("xoevhub_submissions_total\\{standard=\"" + standard + "\",state=\"" + state
                + "\",tenant=\"" + tenant + "\"} (\\S+)").matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
