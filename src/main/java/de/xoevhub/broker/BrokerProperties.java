package de.xoevhub.broker;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub reaches ActiveMQ Artemis. With {@code embedded=true} (the default) it starts the broker itself from
 * {@code config} with its journal under {@code dataDir}; otherwise it connects to {@code url}. The redelivery
 * settings fill broker.xml's placeholders for the pipeline queues; the pipeline reads {@code maxDeliveryAttempts}
 * to know a message's last attempt, so for an external broker set it to that broker's value. The intake's send to
 * hub.inbox gives up after {@code sendTimeout}, with at most {@code sendThreads} sends waiting at once (Inbox).
 */
@ConfigurationProperties("hub.broker")
public record BrokerProperties(boolean embedded, String url, String name, Path config, Path dataDir, String host,
                               int port, int vmId, String user, String password, int maxDeliveryAttempts,
                               long redeliveryDelayMs, long maxRedeliveryDelayMs, Duration sendTimeout,
                               int sendThreads) {

    public BrokerProperties {
        if (maxDeliveryAttempts < 1) {
            throw new IllegalArgumentException("hub.broker.max-delivery-attempts must be at least 1");
        }
        url = url == null || url.isBlank() ? "vm://" + vmId : url;
        name = name == null || name.isBlank() ? "xoev-hub" : name;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        sendThreads = sendThreads < 1 ? 32 : sendThreads;
    }
}
