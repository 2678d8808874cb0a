package de.xoevhub.monitoring;

import de.xoevhub.schema.SchemaRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code bundles}: UP when at least one schema bundle is loaded (the hub can validate), DOWN when
 * none is. Part of the readiness group: a hub without bundles refuses every submission. Load errors of single
 * bundles are shown as details and leave it UP (the console's bundles page tells which).
 */
@Component("bundles")
public class BundlesHealth implements HealthIndicator {

    private final SchemaRegistry registry;

    public BundlesHealth(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        int loaded = registry.bundles().size();
        int errors = registry.loadErrors().size();
        return (loaded > 0 ? Health.up() : Health.down()).withDetail("loaded", loaded)
                .withDetail("loadErrors", errors).build();
    }
}
