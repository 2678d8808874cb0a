package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Each Fachverfahren queue has its own dead-letter and expiry queue (config/artemis/broker.xml, fv.#: DLQ.fv.<id>,
 * EXPIRY.fv.<id>): a copy that expires on fv.demo lands on EXPIRY.fv.demo, apart from every other destination's.
 */
class DestinationQueuesIT extends HubIT {

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @Test
    void expiredCopyGoesToTheDestinationsOwnExpiryQueue() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (Connection c = broker.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("fv.demo"));
            Message m = session.createMessage();
            m.setStringProperty("hubMessageId", marker);
            producer.send(m, DeliveryMode.PERSISTENT, 4, 1);
        }
        Thread.sleep(50);
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + marker + "'")) {
            assertThat(fv.receive(1_000)).as("expired, so not delivered").isNull();
        }
        try (QueueProbe expiry = new QueueProbe(broker, "EXPIRY.fv.demo", "hubMessageId = '" + marker + "'")) {
            QueueProbe.Received expired = expiry.receive(10_000);
            assertThat(expired).isNotNull();
            assertThat(expired.property("_AMQ_ORIG_ADDRESS")).isEqualTo("fv.demo");
        }
    }
}
