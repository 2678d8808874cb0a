package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * /actuator/prometheus after real submissions: the counters by state and by destination, the end-to-end latency
 * histogram and the queue gauges move; Camel's route metrics are there; info names the build, readiness includes
 * the bundles. The last scrape is kept in target/prometheus-scrape.txt for review.
 */
class MessageMetricsIT extends HubIT {

    static final Path SCRAPE = Path.of("target/prometheus-scrape.txt");

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void countersHistogramAndQueueGaugesMoveAfterPostedMessages() throws Exception {
        String demo = "{destination=\"demo\",outcome=\"%s\",standard=\"XoevHubDemo\",tenant=\"demo\"}";
        String latency = "{standard=\"XoevHubDemo\",state=\"%s\",tenant=\"demo\"}";
        String scrape = scrape();
        double accepted = value(scrape, "xoevhub_submissions_total", submissions("ACCEPTED", "demo", "XoevHubDemo"));
        double delivered = value(scrape, "xoevhub_deliveries_total", demo.formatted("DELIVERED"));
        double acknowledged = value(scrape, "xoevhub_deliveries_total", demo.formatted("ACKNOWLEDGED"));
        double rejected = value(scrape, "xoevhub_submissions_total", submissions("REJECTED", "demo", "unknown"));
        double timed = value(scrape, "xoevhub_end_to_end_latency_seconds_count", latency.formatted("DELIVERED"));
        double answered = value(scrape, "xoevhub_end_to_end_latency_seconds_count", latency.formatted("ACKNOWLEDGED"));
        double quarantined = value(scrape, "xoevhub_queue_messages", "{queue=\"hub.quarantine\"}");

        String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        acknowledge(id, "accepted", "demo", null);
        awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");
        assertThat(postXml("<kaputt".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        // tenant "other" has no routing rule: the message is parked on hub.quarantine
        var unroutable = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "x:1"));
        awaitState(OTHER_TOKEN, json.readTree(unroutable.body()).get("id").asText(), "QUARANTINED");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String now = scrape();
            assertThat(value(now, "xoevhub_submissions_total", submissions("ACCEPTED", "demo", "XoevHubDemo")))
                    .isEqualTo(accepted + 1);
            assertThat(value(now, "xoevhub_submissions_total", submissions("REJECTED", "demo", "unknown")))
                    .isEqualTo(rejected + 1);
            assertThat(value(now, "xoevhub_deliveries_total", demo.formatted("DELIVERED"))).isEqualTo(delivered + 1);
            assertThat(value(now, "xoevhub_deliveries_total", demo.formatted("ACKNOWLEDGED")))
                    .isEqualTo(acknowledged + 1);
            assertThat(value(now, "xoevhub_end_to_end_latency_seconds_count", latency.formatted("DELIVERED")))
                    .isEqualTo(timed + 1);
            assertThat(value(now, "xoevhub_end_to_end_latency_seconds_count", latency.formatted("ACKNOWLEDGED")))
                    .isEqualTo(answered + 1);
            assertThat(value(now, "xoevhub_queue_messages", "{queue=\"hub.quarantine\"}")).isEqualTo(quarantined + 1);
        });
        String now = scrape();
        // fixed buckets for histogram_quantile in Grafana; the largest holds every delivery
        assertThat(value(now, "xoevhub_end_to_end_latency_seconds_bucket",
                "{standard=\"XoevHubDemo\",state=\"DELIVERED\",tenant=\"demo\",le=\"86400.0\"}")).isEqualTo(timed + 1);
        assertThat(now).contains("xoevhub_queue_messages{queue=\"hub.inbox\"}",
                "xoevhub_queue_messages{queue=\"hub.dlq\"}",
                "xoevhub_queue_messages{queue=\"fv.demo\"}", "xoevhub_queue_consumers{queue=\"hub.inbox\"}",
                "xoevhub_certificate_expiry_days{", "camel_exchanges_total{");
        Files.writeString(SCRAPE, now);
    }

    @Test
    void labelsTakeOnlyInstalledStandardsAndConfiguredDestinationsNeverWhatPortalsOrRecipientsWrite()
            throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String unknown = "{destination=\"unknown\",outcome=\"%s\",standard=\"XoevHubDemo\",tenant=\"demo\"}";
        String scrape = scrape();
        double rejected = value(scrape, "xoevhub_submissions_total", submissions("REJECTED", "demo", "unknown"));
        double acknowledged = value(scrape, "xoevhub_deliveries_total", unknown.formatted("ACKNOWLEDGED"));
        double refusedByRecipient = value(scrape, "xoevhub_deliveries_total",
                unknown.formatted("REJECTED_BY_RECIPIENT"));

        // documents of no installed standard, each with a standard attribute of its own
        for (String standard : new String[] {"Made-Up-" + tag, "Other-" + tag, "Third-" + tag}) {
            byte[] doc = ("<n:antrag xmlns:n=\"urn:nowhere:" + tag + "\" standard=\"" + standard
                    + "\" version=\"1.0\"/>").getBytes(StandardCharsets.UTF_8);
            var refused = postXml(doc);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("unknown-standard");
        }
        // an installed standard spelled in another case: its bundle's spelling
        postXml(new String(DemoMessages.antrag(), StandardCharsets.UTF_8)
                .replace("standard=\"XoevHubDemo\"", "standard=\"XOEVHUBDEMO\"").getBytes(StandardCharsets.UTF_8));
        // answers naming a destination the routing table does not know, or none but in their text
        String byStranger = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        String byWords = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
        awaitState(DEMO_TOKEN, byStranger, "DELIVERED");
        awaitState(DEMO_TOKEN, byWords, "DELIVERED");
        acknowledge(byStranger, "accepted", "fv-nowhere-" + tag, null);
        acknowledge(byWords, "rejected", null, "Bitte an destination=Mueller-" + tag + " weiterleiten");
        awaitState(DEMO_TOKEN, byStranger, "ACKNOWLEDGED");
        awaitState(DEMO_TOKEN, byWords, "REJECTED_BY_RECIPIENT");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String now = scrape();
            assertThat(value(now, "xoevhub_submissions_total", submissions("REJECTED", "demo", "unknown")))
                    .isEqualTo(rejected + 3);
            assertThat(value(now, "xoevhub_deliveries_total", unknown.formatted("ACKNOWLEDGED")))
                    .isEqualTo(acknowledged + 1);
            assertThat(value(now, "xoevhub_deliveries_total", unknown.formatted("REJECTED_BY_RECIPIENT")))
                    .isEqualTo(refusedByRecipient + 1);
        });
        assertThat(scrape()).doesNotContain(tag, "XOEVHUBDEMO", "Mueller");
    }

    @Test
    void infoNamesTheBuildAndReadinessIncludesBrokerDatabaseAndBundles() throws Exception {
        JsonNode info = json.readTree(get(null, "/actuator/info").body());
        assertThat(info.at("/build/version").asText()).isNotBlank();
        assertThat(info.at("/build/artifact").asText()).isEqualTo("xoev-hub");
        JsonNode readiness = json.readTree(get(null, "/actuator/health/readiness").body());
        assertThat(readiness.at("/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/bundles/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/bundles/details/loaded").asInt()).isPositive();
        assertThat(readiness.at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/db/status").asText()).isEqualTo("UP");
    }

    private void acknowledge(String id, String outcome, String destination, String text) throws Exception {
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createMessage();
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("outcome", outcome);
            if (destination != null) {
                m.setStringProperty("hubDestination", destination);
            }
            if (text != null) {
                m.setStringProperty("text", text);
            }
            session.createProducer(session.createQueue("hub.receipts")).send(m);
        }
    }

    private String scrape() throws Exception {
        return get(null, "/actuator/prometheus").body();
    }

    private static String submissions(String state, String tenant, String standard) {
        return "{standard=\"" + standard + "\",state=\"" + state + "\",tenant=\"" + tenant + "\"}";
    }

    /** A sample's value in the scrape, 0 when it does not exist yet. */
    static double value(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
