package de.xoevhub.broker;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub reaches ActiveMQ Artemis. With {@code embedded=true} (the default) it starts the broker itself from
 * {@code config} with its journal under {@code dataDir}; otherwise it connects to {@code url}.
 */
@ConfigurationProperties("hub.broker")
public record BrokerProperties(boolean embedded, String url, String name, Path config, Path dataDir, String host,
                               int port, int vmId, String user, String password) {

    public BrokerProperties {
        url = url == null || url.isBlank() ? "vm://" + vmId : url;
        name = name == null || name.isBlank() ? "xoev-hub" : name;
    }
}
