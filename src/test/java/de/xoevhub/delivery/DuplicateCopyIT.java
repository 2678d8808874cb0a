package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.SubmissionState;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A second copy of a delivered message on hub.inbox (seen after a full broker outage, and when a portal posted the
 * same submission to two hubs at once), and a message whose pass the ledger holds but the broker never committed (a
 * crash between the two commits). Every copy sends; the broker refuses the copies of a message an earlier pass
 * delivered and rolls the pass back; the refusal is noted on the Laufzettel and the copy's next delivery is taken
 * without sending, instead of looping until hub.dlq. Either way the Fachverfahren gets the message once and the state
 * stays DELIVERED.
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

    @Autowired
    CamelContext camel;

    @Test
    void aSecondCopyOfADeliveredMessageIsRefusedByTheBrokerAndTakenWithoutSending() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        String id = accept(body);
        Map<String, String> properties = delivered(id);

        // the same message again on hub.inbox, without the intake's duplicate id, so that the broker takes it
        QueueProbe.send(broker, "hub.inbox", properties, body);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id))
                .endsWith(DuplicateCopies.REPEATED, DuplicateCopies.NOTED, DuplicateCopies.TAKEN));
        assertThat(outcomes(id)).as("one refused pass").containsOnlyOnce(DuplicateCopies.NOTED);
        assertDeliveredOnce(id);
    }

    @Test
    void aPassWhoseLedgerCommitOutlivedTheBrokersIsSentAgain() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        String id;
        camel.getRouteController().stopRoute("inbox-router");
        try {
            id = accept(body);
            // what a pass cut short between its two commits leaves: the ledger says DELIVERED, the broker took its
            // copies back and, after a restart, delivers the message again as if for the first time
            ledger.record(id, SubmissionState.DELIVERED, null,
                    new Entry("route", "ROUTED", "rule=demo destinations=[demo]"),
                    new Entry("deliver", "DELIVERED", "destination=demo address=fv.demo"));
        } finally {
            camel.getRouteController().startRoute("inbox-router");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id))
                .endsWith("DELIVERED", DuplicateCopies.REPEATED));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            assertThat(fv.receive(20_000)).as("the copy the cut-short pass never committed").isNotNull();
        }
        assertThat(outcomes(id)).as("nothing refused: no earlier pass delivered it")
                .doesNotContain(DuplicateCopies.NOTED, DuplicateCopies.TAKEN);
        assertDeliveredOnce(id);
    }

    @Test
    void aRedeliveredSecondCopyIsRefusedByTheBrokerOnceAndThenTakenWithoutSending() throws Exception {
        byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        String id = accept(body);
        Map<String, String> properties = delivered(id);

        camel.getRouteController().stopRoute("inbox-router");
        try {
            QueueProbe.send(broker, "hub.inbox", properties, body);
            // taken once and rolled back, as by a hub that died in the middle of its pass: delivered again, the copy
            // cannot tell itself from a message whose own pass failed
            try (Connection c = broker.createConnection()) {
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                c.start();
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.inbox"),
                        "hubMessageId = '" + id + "'");
                assertThat(consumer.receive(5_000)).as("the copy on hub.inbox").isNotNull();
                session.rollback();
            }
        } finally {
            camel.getRouteController().startRoute("inbox-router");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id))
                .endsWith(DuplicateCopies.NOTED, DuplicateCopies.TAKEN));
        assertThat(outcomes(id)).as("one refused pass, not one per attempt").containsOnlyOnce(DuplicateCopies.NOTED);
        assertDeliveredOnce(id);
    }

    @Test
    void aRefusedPassLeavesThePassesBesideItAlone() throws Exception {
        // Spring's listener container takes a failed commit for a broken connection and renews the connection its
        // consumers share, which would roll back every pass running beside the refused one at that moment
        List<byte[]> bodies = new ArrayList<>();
        List<Map<String, String>> copies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000"));
            copies.add(delivered(accept(bodies.get(i))));
        }
        List<String> fresh = new ArrayList<>();
        camel.getRouteController().stopRoute("inbox-router");
        try {
            for (int i = 0; i < copies.size(); i++) {
                QueueProbe.send(broker, "hub.inbox", copies.get(i), bodies.get(i));
            }
            try (Connection c = broker.createConnection()) {
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                c.start();
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.inbox"));
                for (int i = 0; i < copies.size(); i++) {
                    assertThat(consumer.receive(5_000)).as("copy " + i + " on hub.inbox").isNotNull();
                }
                session.rollback();
            }
            for (int i = 0; i < 24; i++) {
                fresh.add(accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000")));
            }
        } finally {
            camel.getRouteController().startRoute("inbox-router");
        }

        List<String> refused = copies.stream().map(p -> p.get("hubMessageId")).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(refused).allSatisfy(id ->
                assertThat(outcomes(id)).endsWith(DuplicateCopies.NOTED, DuplicateCopies.TAKEN)));
        for (String id : fresh) {
            awaitState(DEMO_TOKEN, id, "DELIVERED");
        }
        assertThat(fresh).allSatisfy(id -> assertThat(outcomes(id)).as("Laufzettel of " + id)
                .doesNotContain("RETRY", DuplicateCopies.NOTED).containsOnlyOnce("DELIVERED"));
        for (String id : refused) {
            assertThat(outcomes(id)).as("Laufzettel of " + id).containsOnlyOnce(DuplicateCopies.NOTED);
            assertDeliveredOnce(id);
        }
    }

    /** Waits for the message on fv.demo, takes it as its Fachverfahren would, and returns its pipeline properties. */
    private Map<String, String> delivered(String id) throws Exception {
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        Map<String, String> properties = new HashMap<>();
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("the first copy").isNotNull();
            assertThat(delivered.property("JMSXGroupID")).as("the inbox's message group stays behind").isNull();
            PROPERTIES.forEach(name -> properties.put(name, delivered.property(name)));
        }
        return properties;
    }

    private void assertDeliveredOnce(String id) throws Exception {
        assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.DELIVERED);
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
