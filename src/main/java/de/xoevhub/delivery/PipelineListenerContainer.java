package de.xoevhub.delivery;

import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;

/**
 * Camel's listener container for the hub's JMS routes, except in one case: a pass whose commit the broker refused as a
 * duplicate ({@link DuplicateCopies}). Spring's container takes every failed commit for a broken connection and
 * renews the connection its consumers share, which rolls back every pass running on its other consumers at that
 * moment, and each of those may fail the same way. A duplicate refusal is the broker answering over a working
 * connection: this container closes only the refused consumer's own session, as after any failure, and keeps the
 * shared connection.
 */
public class PipelineListenerContainer extends DefaultJmsMessageListenerContainer {

    /** Set on the invoker's thread between the two recovery steps, which run under the container's recovery lock. */
    private static final ThreadLocal<Boolean> REFUSED = new ThreadLocal<>();

    public PipelineListenerContainer(JmsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void handleListenerSetupFailure(Throwable ex, boolean alreadyRecovered) {
        if (DuplicateCopies.refusedAsDuplicate(ex)) {
            // noted and logged by DuplicateCopies, the error handler
            if (!alreadyRecovered) {
                REFUSED.set(Boolean.TRUE);
            }
            return;
        }
        super.handleListenerSetupFailure(ex, alreadyRecovered);
    }

    @Override
    protected void recoverAfterListenerSetupFailure() {
        if (REFUSED.get() != null) {
            REFUSED.remove();
            return;
        }
        super.recoverAfterListenerSetupFailure();
    }
}
