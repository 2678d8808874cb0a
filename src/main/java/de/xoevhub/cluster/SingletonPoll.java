package de.xoevhub.cluster;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.springframework.stereotype.Component;

/**
 * The poll strategy of consumers that only one hub instance should run at a time (the SFTP intake of each portal,
 * {@code pollStrategy=#singletonPoll}): a poll begins only on the instance that holds the cluster lock named after
 * the route. The lease is renewed when a poll begins, so a poll that outlasts it (many files, each waiting for its
 * read lock; a large file over a slow link) may overlap with one another instance begins; the intake's per-file
 * claims, re-asserted right before each file is read, still give every file to only one of them.
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
