package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A message of several MiB travels as an Artemis large message: while it waits on the Fachverfahren queue its body
 * is a file in the broker's large-messages directory, not a journal record, and the Fachverfahren receives it whole.
 */
class LargeMessageIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Test
    void severalMebibytesWaitOnTheQueueAsALargeMessageAndArriveWhole() throws Exception {
        Path largeMessages = DATA_DIR.resolve("artemis/large-messages");
        byte[] body = DemoMessages.large(UUID.randomUUID().toString(), "ags:09162000", 3 << 20);
        assertThat(body.length).isGreaterThan(3_000_000);

        var response = postXml(body);
        assertThat(response.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(response.body()).get("id").asText();
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        assertThat(largeFiles(largeMessages)).as("the copy waiting on fv.demo is a large-message file").isPositive();

        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received received = fv.receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.body()).isEqualTo(body);
        }
    }

    private static long largeFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p)).count();
        }
    }
}
