package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.HubIT;
import de.xoevhub.broker.BrokerProperties;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Queue depths of an external broker, read through its management address over the network, as the hub does when
 * it is not embedded: here the test's embedded broker is asked over its loopback TCP acceptor, and must give the same
 * queues and figures as the direct read.
 */
class QueueDepthsIT extends HubIT {

    @Autowired
    QueueDepths direct;

    @Autowired
    BrokerProperties properties;

    @Test
    void anExternalBrokerIsAskedThroughItsManagementAddress() throws Exception {
        accept(de.xoevhub.DemoMessages.antrag(java.util.UUID.randomUUID().toString(), "ags:09162000"));
        BrokerProperties external = new BrokerProperties(false, "tcp://127.0.0.1:" + BROKER_PORT, properties.name(),
                null, null, null, 0, 0, null, null, 10, 1000, 60000, null, 0);
        QueueDepths remote = new QueueDepths(new StaticListableBeanFactory().getBeanProvider(
                org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class), external, Clock.systemUTC());

        var viaNetwork = remote.all().orElseThrow();
        assertThat(viaNetwork).extracting(QueueDepths.Depth::queue)
                .containsAll(direct.all().orElseThrow().stream().map(QueueDepths.Depth::queue).toList())
                .contains("hub.inbox", "hub.dlq", "hub.quarantine", "fv.demo");
        assertThat(remote.of("fv.demo").orElseThrow().messages()).isPositive();
        assertThat(remote.of("hub.inbox").orElseThrow().consumers()).isPositive();

        QueueDepths unreachable = new QueueDepths(new StaticListableBeanFactory().getBeanProvider(
                org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class),
                new BrokerProperties(false, "tcp://127.0.0.1:9?reconnectAttempts=0", null, null, null, null, 0, 0, null,
                        null, 10, 1000, 60000, null, 0), Clock.systemUTC());
        assertThat(unreachable.all()).isEmpty();
    }
}
