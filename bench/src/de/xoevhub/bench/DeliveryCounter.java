package de.xoevhub.bench;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/**
 * Counts the messages the hub has delivered to a Fachverfahren queue by asking the hub's broker (over its
 * loopback CORE acceptor) for the queue's messagesAdded counter. Asking the broker, rather than consuming, keeps
 * the probe's own load on the hub to one small request per poll, and a message only counts once the pipeline's
 * transaction that delivered it has committed.
 */
final class DeliveryCounter implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientRequestor requestor;
    private final String queue;

    DeliveryCounter(String brokerUrl, String queue) throws Exception {
        this.queue = queue;
        locator = ActiveMQClient.createServerLocator(brokerUrl);
        factory = locator.createSessionFactory();
        session = factory.createSession();
        requestor = new ClientRequestor(session, "activemq.management");
        session.start();
    }

    synchronized long delivered() {
        try {
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messagesAdded");
            ClientMessage reply = requestor.request(request, 5000);
            if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("broker did not answer messagesAdded for " + queue);
            }
            return ((Number) ManagementHelper.getResult(reply)).longValue();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read delivery count of " + queue, e);
        }
    }

    /** Polls until {@code target} messages have been delivered; returns the nanoTime it saw them, or -1. */
    long awaitDelivered(long target, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (delivered() >= target) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        requestor.close();
        session.close();
        factory.close();
        locator.close();
    }
}
