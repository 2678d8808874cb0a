package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Real XWasser 1.0.0 messages from ../shared/xoev, posted to the running hub: the samples VALIDATION.md lists as
 * valid are accepted and delivered, the invalid ones get 422. Skips, saying why, where ../shared/xoev is absent.
 */
class XwasserSubmissionIT extends HubIT {

    private static final Path TESTS = SHARED.resolve("xwasser/tests");
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @BeforeEach
    void sharedDataPresent() {
        assumeTrue(Files.isDirectory(TESTS), "../shared/xoev/xwasser is not present at " + TESTS.toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"administration_receipt.xml", "olb_report_minimal.xml",
            "olb_report_signature_builder_test_result.xml"})
    void validSamplesAreAcceptedAndDelivered(String sample) throws Exception {
        byte[] body = Files.readAllBytes(TESTS.resolve(sample));
        var response = postXml(body);
        // the same sample may already have been accepted in this JVM (fixed nachrichtenUUID): then 200
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.get("standard").asText()).isEqualTo("XWasser");
        assertThat(receipt.get("version").asText()).isEqualTo("1.0.0");
        String id = receipt.get("id").asText();
        if (response.statusCode() == 202) {
            try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
                QueueProbe.Received delivered = fv.receive(20_000);
                assertThat(delivered).isNotNull();
                assertThat(delivered.body()).isEqualTo(body);
                assertThat(delivered.property("standard")).isEqualTo("XWasser");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitoring_plan_minimal.xml", "monitoring_plan_maximal.xml",
            "quality_report_minimal.xml", "quality_report_maximal_test_result.xml"})
    void invalidSamplesAreRejectedWithViolations(String sample) throws Exception {
        var response = postXml(Files.readAllBytes(TESTS.resolve(sample)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:xoev-hub:problem:schema-invalid");
        assertThat(problem.get("bundle").asText()).isEqualTo("xwasser-1.0.0");
        assertThat(problem.get("violations").get(0).get("message").asText()).startsWith("cvc-");
        assertThat(problem.get("violations").get(0).get("line").asInt()).isPositive();
    }
}
