package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A second copy of a delivered message on hub.inbox (seen once after a full broker outage): its pass's copies are
 * refused by the broker as duplicates, which rolls the pass back; the refusal is noted on the Laufzettel and the
 * copy's next delivery is taken without sending, instead of looping until hub.dlq. The Fachverfahren gets the
 * message once, the state stays DELIVERED.
 */
class DuplicateCopyIT extends HubIT {

    private static final List<String> PROPERTIES = List.of("hubMessageId", "tenant", "portal", "standard", "version",
            "nachrichtentyp", "nachrichtenUUID", "autor", "leser", "sha256");

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    Ledger ledger;

    @Autowired
    Laufzettel laufzettel;

    @Test
    void aSecondCopyOfADeliveredMessageIsTakenWithoutSendingInsteadOfEndingOnTheDeadLetterQueue() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        String id = accept(body);
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        Map<String, String> properties = new HashMap<>();
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("the first copy").isNotNull();
            PROPERTIES.forEach(name -> properties.put(name, delivered.property(name)));
        }

        // the same message again on hub.inbox, without the intake's duplicate id, so that the broker takes it
        QueueProbe.send(broker, "hub.inbox", properties, body);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id))
                .endsWith(DuplicateCopies.NOTED, DuplicateCopies.TAKEN));
        assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED);
        assertThat(outcomes(id)).as("one refused pass, not one per attempt").containsOnlyOnce(DuplicateCopies.NOTED);
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'");
             QueueProbe dlq = new QueueProbe(broker, "hub.dlq", "hubMessageId = '" + id + "'")) {
            assertThat(fv.receive(2_000)).as("no second copy for the Fachverfahren").isNull();
            assertThat(dlq.receive(1_000)).as("nothing dead-lettered").isNull();
        }
        assertThat(status(DEMO_TOKEN, id).get("laufzettelIntact").asBoolean()).isTrue();
    }

    private List<String> outcomes(String id) {
        return laufzettel.events(id).stream().map(LaufzettelEvent::outcome).toList();
    }
}
