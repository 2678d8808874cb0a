package de.xoevhub.broker;

import java.nio.file.Files;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Starts the embedded Artemis from config/artemis/broker.xml. The file names its paths and acceptors with
 * ${hub.broker.*} placeholders, which Artemis fills from system properties, so the same file serves a
 * standalone broker.
 */
public final class EmbeddedBroker {

    private EmbeddedBroker() {
    }

    public static EmbeddedActiveMQ start(BrokerProperties p) throws Exception {
        if (!Files.isRegularFile(p.config())) {
            throw new IllegalStateException("broker configuration not found: " + p.config().toAbsolutePath());
        }
        Files.createDirectories(p.dataDir());
        System.setProperty("hub.broker.data", p.dataDir().toAbsolutePath().toString());
        System.setProperty("hub.broker.name", p.name());
        System.setProperty("hub.broker.host", p.host());
        System.setProperty("hub.broker.port", Integer.toString(p.port()));
        System.setProperty("hub.broker.vmId", Integer.toString(p.vmId()));
        System.setProperty("hub.broker.maxDeliveryAttempts", Integer.toString(p.maxDeliveryAttempts()));
        System.setProperty("hub.broker.redeliveryDelay", Long.toString(p.redeliveryDelayMs()));
        System.setProperty("hub.broker.maxRedeliveryDelay", Long.toString(p.maxRedeliveryDelayMs()));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfigResourcePath(p.config().toAbsolutePath().toUri().toString());
        broker.start();
        return broker;
    }
}
