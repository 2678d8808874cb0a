package de.xoevhub.cluster;

import de.xoevhub.tracking.RandomIds;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named leases in the shared database (table cluster_lock), so that singleton work runs on one hub instance at a
 * time: whoever holds a lock's lease does the work and renews the lease each time it asks; another instance takes
 * the lock over only once the lease has expired, e.g. {@link #LEASE} after its holder was killed. One atomic
 * statement decides each acquisition, so two instances never both hold a lock. When the database cannot be reached,
 * no one holds any lock (the work waits). Lock names are scoped by {@code hub.cluster.name}: the instances of one
 * deployment share it (default {@code xoev-hub}); two deployments on one database do not block each other.
 */
@Component
public class ClusterLock {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLock.class);
    /** How long a lease lasts after its holder last asked; work under a lock must ask again before it lapses. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String owner;
    private final String cluster;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public ClusterLock(JdbcClient jdbc, Clock clock, @Value("${hub.cluster.name:xoev-hub}") String cluster) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cluster = cluster + "/";
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + RandomIds.next();
    }

    /** Whether this instance holds {@code name} now: renews its lease, or takes the lock if it is free or expired. */
    public boolean holds(String lock) {
        String name = cluster + lock;
        long now = clock.millis();
        long until = now + LEASE.toMillis();
        try {
            int updated = jdbc.sql("UPDATE cluster_lock SET owner = ?, expires_at = ? WHERE name = ? "
                    + "AND (owner = ? OR expires_at < ?)").params(owner, until, name, owner, now).update();
            if (updated == 1) {
                held.add(name);
                return true;
            }
            try {
                jdbc.sql("INSERT INTO cluster_lock (name, owner, expires_at) VALUES (?, ?, ?)")
                        .params(name, owner, until).update();
                LOG.info("cluster lock {} taken by {}", name, owner);
                held.add(name);
                return true;
            } catch (DuplicateKeyException taken) {
                held.remove(name);
                return false;
            }
        } catch (DataAccessException e) {
            LOG.warn("cluster lock {} unknown, database unavailable: {}", name, e.getMessage());
            return false;
        }
    }

    /** Gives the held locks up at shutdown, so another instance need not wait for their leases to expire. */
    @PreDestroy
    public void releaseAll() {
        for (String name : held) {
            try {
                jdbc.sql("DELETE FROM cluster_lock WHERE name = ? AND owner = ?").params(name, owner).update();
            } catch (DataAccessException e) {
                LOG.debug("cluster lock {} not released: {}", name, e.getMessage());
            }
        }
        held.clear();
    }
}
