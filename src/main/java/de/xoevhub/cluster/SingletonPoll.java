package de.xoevhub.cluster;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.springframework.stereotype.Component;

/**
 * The poll strategy of consumers that only one hub instance may run at a time (the SFTP intake of each portal,
 * {@code pollStrategy=#singletonPoll}): a poll begins only on the instance that holds the cluster lock named after
 * the route, so several instances never poll the same directory at once.
 */
@Component("singletonPoll")
public class SingletonPoll implements PollingConsumerPollStrategy {

    private final ClusterLock lock;

    public SingletonPoll(ClusterLock lock) {
        this.lock = lock;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String route = consumer instanceof RouteIdAware r ? r.getRouteId() : null;
        if (route == null) {
            throw new IllegalStateException("singletonPoll needs a consumer of a route with an id");
        }
        return lock.holds("poll:" + route);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do: the lease is renewed at the next poll
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false; // no immediate retry; the next scheduled poll tries again (with the route's backoff)
    }
}
