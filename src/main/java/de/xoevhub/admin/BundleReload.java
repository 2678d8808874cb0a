package de.xoevhub.admin;

import de.xoevhub.schema.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reloading the schema bundles, the one way for the console and the admin API alike. The bundles serve every
 * tenant, so a reload is a hub-wide action: the security rules let only ADMINs ask, and this refuses those limited
 * to some tenants. Every reload is audited with its outcome, whichever door it came through.
 */
@Component
class BundleReload {

    static final String ACTION = "BUNDLES_RELOAD";
    static final String TARGET = "schema-registry";

    private static final Logger LOG = LoggerFactory.getLogger(BundleReload.class);

    /** What a reload left installed. */
    record Outcome(int bundles, int loadErrors) {
        String summary() {
            return bundles + " bundles, " + loadErrors + " load errors";
        }
    }

    private final SchemaRegistry registry;
    private final AuditLog audit;

    BundleReload(SchemaRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /**
     * Reloads every bundle for {@code user}, audited under {@code actor} (see {@link AdminUser#actor}). A
     * tenant-scoped account gets 403 and nothing is reloaded.
     */
    Outcome run(AdminUser user, String actor) {
        user.requireUnscoped();
        try {
            registry.reload();
        } catch (RuntimeException e) {
            audit.record(actor, ACTION, TARGET, null, "FAILED");
            throw e;
        }
        Outcome outcome = new Outcome(registry.bundles().size(), registry.loadErrors().size());
        audit.record(actor, ACTION, TARGET, null, outcome.loadErrors() == 0 ? "RELOADED" : "RELOADED_WITH_LOAD_ERRORS");
        LOG.info("schema registry reloaded by {}: {}", actor, outcome.summary());
        return outcome;
    }
}
