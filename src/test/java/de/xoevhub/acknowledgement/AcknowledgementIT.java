package de.xoevhub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.SftpTestServer;
import de.xoevhub.admin.QueueDepths;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Acknowledgements on hub.receipts, sent by a JMS client as a Fachverfahren would (the AMQP round trip with
 * python3-qpid-proton is in AmqpFachverfahrenIT): rejection, an XÖV receipt with referenzUUID, a JSON body, and the
 * ones that must be recorded and ignored: repeats, unknown messages, unreadable ones.
 */
class AcknowledgementIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    QueueDepths depths;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rejectionByTheProcedureShowsWithItsReasonAndARepeatIsOnlyRecorded() throws Exception {
        String id = delivered(UUID.randomUUID().toString());
        send(Map.of("hubMessageId", id, "outcome", "rejected", "text", "Antrag unvollständig"), null);
        JsonNode status = awaitState(DEMO_TOKEN, id, "REJECTED_BY_RECIPIENT");
        assertThat(status.get("reason").asText()).isEqualTo("Antrag unvollständig");

        send(Map.of("hubMessageId", id, "outcome", "accepted"), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> dispositions(id).contains("DUPLICATE"));
        assertThat(status(DEMO_TOKEN, id).get("state").asText()).isEqualTo("REJECTED_BY_RECIPIENT");
        assertThat(dispositions(id)).isEqualTo("APPLIED,DUPLICATE");
    }

    @Test
    void theSameAcknowledgementSentManyTimesAtOnceIsAppliedOnce() throws Exception {
        String id = delivered(UUID.randomUUID().toString());
        // in one transaction, so that the receipts consumers take them concurrently
        QueueProbe.sendAtOnce(broker, "hub.receipts",
                Collections.nCopies(20, Map.of("hubMessageId", id, "outcome", "accepted")));
        await().atMost(Duration.ofSeconds(20)).until(() -> dispositions(id).split(",").length == 20);
        assertThat(dispositions(id)).isEqualTo("APPLIED" + ",DUPLICATE".repeat(19));
        assertThat(status(DEMO_TOKEN, id).get("laufzettel").findValuesAsText("step")).containsOnlyOnce("acknowledge");
    }

    @Test
    void xoevReceiptNamesTheMessageByReferenzUUID() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String id = delivered(uuid);
        String receipt = "<x:administration.quittung.0020 xmlns:x=\"urn:example:xwasser\"><nachrichtenkopf.g2g>"
                + "<identifikation.nachricht><nachrichtenUUID>" + UUID.randomUUID() + "</nachrichtenUUID>"
                + "</identifikation.nachricht><referenzUUID>" + uuid + "</referenzUUID></nachrichtenkopf.g2g>"
                + "</x:administration.quittung.0020>";
        send(Map.of(), receipt.getBytes(StandardCharsets.UTF_8));
        JsonNode status = awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");
        assertThat(last(status).get("detail").asText()).contains("XÖV receipt administration.quittung.0020");
    }

    @Test
    void anAnswerWhileAnSftpUploadIsPendingIsAppliedAndTheUploadLeavesIt() throws Exception {
        String upload = "sftp-handover-dms-sftp";
        camel.getRouteController().stopRoute(upload);
        String id;
        try {
            // to a queue and an SFTP destination: ROUTED until the upload is done, while the queue's procedure has it
            var response = postXml(DemoMessages.antrag(UUID.randomUUID().toString(), "fanout:09162000"));
            assertThat(response.statusCode()).isEqualTo(202);
            id = json.readTree(response.body()).get("id").asText();
            awaitState(DEMO_TOKEN, id, "ROUTED");
            send(Map.of("hubMessageId", id, "hubDestination", "fanout-queue", "outcome", "accepted"), null);
            awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");
            assertThat(dispositions(id)).isEqualTo("APPLIED");
        } catch (Exception | AssertionError e) {
            camel.getRouteController().startRoute(upload);
            throw e;
        }
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-"))) {
            camel.getRouteController().startRoute(upload);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(DEMO_TOKEN, id)
                    .get("laufzettel").findValuesAsText("detail"))
                    .anyMatch(d -> d.startsWith("destination=dms-sftp sftp file=")));
        }
        assertThat(status(DEMO_TOKEN, id).get("state").asText()).as("the answer stands").isEqualTo("ACKNOWLEDGED");
        assertThat(jdbc.sql("SELECT count(*) FROM pending_delivery WHERE submission_id = ?").param(id)
                .query(Integer.class).single()).as("no upload left pending").isZero();
    }

    @Test
    void jsonBodyWorksLikeProperties() throws Exception {
        String id = delivered(UUID.randomUUID().toString());
        send(Map.of(), ("{\"hubMessageId\":\"" + id + "\",\"outcome\":\"accepted\",\"aktenzeichen\":\"WG-7\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(last(awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED")).get("detail").asText()).contains("aktenzeichen=WG-7");
    }

    @Test
    void unknownAndUnreadableAcknowledgementsAreRecordedAndTheRouteKeepsRunning() throws Exception {
        String unknown = UUID.randomUUID().toString();
        send(Map.of("hubMessageId", unknown), null);
        send(Map.of("outcome", "accepted", "text", "marker-" + unknown), null);
        send(Map.of("hubMessageId", unknown + "-x", "outcome", "vielleicht"), null);
        send(Map.of(), "<kaputt".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT disposition FROM acknowledgement WHERE hub_message_id = ?").param(unknown)
                    .query(String.class).single()).isEqualTo("UNKNOWN");
            assertThat(jdbc.sql("SELECT detail FROM acknowledgement WHERE hub_message_id = ?").param(unknown + "-x")
                    .query(String.class).single()).contains("outcome must be accepted or rejected");
            assertThat(jdbc.sql("SELECT count(*) FROM acknowledgement WHERE disposition = 'INVALID' AND detail LIKE "
                    + "'%names no message%'").query(Integer.class).single()).isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM acknowledgement WHERE disposition = 'INVALID' AND detail LIKE "
                    + "'MalformedXmlException%'").query(Integer.class).single()).isPositive();
        });
        assertThat(camel.getRouteController().getRouteStatus("acknowledgements")).isEqualTo(ServiceStatus.Started);
        String id = delivered(UUID.randomUUID().toString());
        send(Map.of("hubMessageId", id), null);
        awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");
    }

    @Test
    void aNachrichtenUUIDOfTwoTenantsIsResolvedByTheAnsweringDestination() throws Exception {
        // dedupe is per portal: a portal of tenant other may send the same nachrichtenUUID as one of tenant demo
        String uuid = UUID.randomUUID().toString();
        String demo = delivered(uuid);
        var response = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(uuid, "other:1"));
        assertThat(response.statusCode()).isEqualTo(202);
        String other = json.readTree(response.body()).get("id").asText();
        awaitState(OTHER_TOKEN, other, "DELIVERED");

        send(Map.of("nachrichtenUUID", uuid, "hubDestination", "demo", "outcome", "accepted"), null);
        awaitState(DEMO_TOKEN, demo, "ACKNOWLEDGED");
        assertThat(status(OTHER_TOKEN, other).get("state").asText()).isEqualTo("DELIVERED");
        send(Map.of("nachrichtenUUID", uuid, "hubDestination", "other-fv", "outcome", "rejected", "text", "unklar"),
                null);
        assertThat(awaitState(OTHER_TOKEN, other, "REJECTED_BY_RECIPIENT").get("reason").asText()).isEqualTo("unklar");
        assertThat(status(DEMO_TOKEN, demo).get("state").asText()).isEqualTo("ACKNOWLEDGED");

        // a destination that was given neither message, and no destination at all: which one is not said
        send(Map.of("nachrichtenUUID", uuid, "hubDestination", "fanout-queue"), null);
        send(Map.of("nachrichtenUUID", uuid), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM acknowledgement WHERE "
                + "nachrichten_uuid = ? AND disposition = 'UNKNOWN'").param(uuid).query(Integer.class).single() == 2);
        assertThat(jdbc.sql("SELECT detail FROM acknowledgement WHERE nachrichten_uuid = ? AND disposition = 'UNKNOWN' "
                + "ORDER BY detail").param(uuid).query(String.class).list())
                .containsExactly("2 delivered messages have this nachrichtenUUID; send hubMessageId or hubDestination",
                        "no delivered message with this id");
    }

    @Test
    void aReceiptThatFailsEveryAttemptIsParkedApartFromThePipelinesDeadLetters() throws Exception {
        String marker = UUID.randomUUID().toString();
        String selector = "hubMessageId = '" + marker + "'";
        camel.getRouteController().stopRoute("acknowledgements");
        try {
            send(Map.of("hubMessageId", marker), null);
            // every attempt fails, as while the database is away: taken and rolled back, as often as the pipeline's
            // messages are tried (hub.broker.max-delivery-attempts, 3 in the tests)
            try (Connection c = broker.createConnection()) {
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.receipts"), selector);
                c.start();
                for (int attempt = 1; attempt <= 3; attempt++) {
                    assertThat(consumer.receive(5_000)).as("attempt " + attempt).isNotNull();
                    session.rollback();
                }
                assertThat(consumer.receive(1_000)).as("no fourth attempt").isNull();
            }
        } finally {
            camel.getRouteController().startRoute("acknowledgements");
        }
        assertThat(depths.all().orElseThrow()).extracting(QueueDepths.Depth::queue).as("seen by the monitoring")
                .contains("DLQ.hub.receipts");
        try (QueueProbe dlq = new QueueProbe(broker, "hub.dlq", selector)) {
            assertThat(dlq.receive(500)).as("never among the dead letters the console replays").isNull();
        }
        try (QueueProbe parked = new QueueProbe(broker, "DLQ.hub.receipts", selector)) {
            QueueProbe.Received receipt = parked.receive(5_000);
            assertThat(receipt).isNotNull();
            assertThat(receipt.property("_AMQ_ORIG_ADDRESS")).isEqualTo("hub.receipts");
        }
    }

    @Test
    void aDestinationTooLongToStoreIsRecordedAsInvalidNotRetried() throws Exception {
        String id = delivered(UUID.randomUUID().toString());
        int before = tooLong();
        send(Map.of("hubMessageId", id, "hubDestination", "d".repeat(65)), null);
        send(Map.of("hubMessageId", id, "hubDestination", "demo"), null);
        awaitState(DEMO_TOKEN, id, "ACKNOWLEDGED");
        // the acknowledgement table keeps 64 characters of a destination: refused with that reason, not retried
        await().atMost(Duration.ofSeconds(20)).until(() -> tooLong() == before + 1);
        try (QueueProbe parked = new QueueProbe(broker, "DLQ.hub.receipts", "hubMessageId = '" + id + "'")) {
            assertThat(parked.receive(1_000)).isNull();
        }
    }

    private int tooLong() {
        return jdbc.sql("SELECT count(*) FROM acknowledgement WHERE disposition = 'INVALID' AND detail LIKE "
                + "'%hubDestination is longer than 64 characters%'").query(Integer.class).single();
    }

    private String delivered(String uuid) throws Exception {
        var response = postXml(DemoMessages.antrag(uuid, "ags:09162000"));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();
        awaitState(DEMO_TOKEN, id, "DELIVERED");
        return id;
    }

    private void send(Map<String, String> properties, byte[] body) throws JMSException {
        QueueProbe.send(broker, "hub.receipts", properties, body);
    }

    private static JsonNode last(JsonNode status) {
        return status.get("laufzettel").get(status.get("laufzettel").size() - 1);
    }

    private String dispositions(String id) {
        return String.join(",", jdbc.sql("SELECT disposition FROM acknowledgement WHERE submission_id = ? "
                + "ORDER BY disposition").param(id).query(String.class).list());
    }
}
