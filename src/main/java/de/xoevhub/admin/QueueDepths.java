package de.xoevhub.admin;

import de.xoevhub.broker.BrokerProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The depth of every queue the hub uses (hub.*, fv.*, and their DLQ. / EXPIRY. queues). The embedded broker is read
 * directly; an external broker through its management address (activemq.management, the hub's account needs the
 * {@code manage} permission, config/artemis/security.xml), at most every {@link #REMOTE_CACHE_MS} ms, so scrapes
 * and console pages do not each open a connection. Empty when the broker cannot be asked.
 */
@Component
public class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);
    private static final Pattern OURS = Pattern.compile("(hub|fv|DLQ|EXPIRY)\\..*");
    static final long REMOTE_CACHE_MS = 5_000;

    /** One queue: messages waiting, being delivered, consumers attached. */
    public record Depth(String queue, long messages, int delivering, int consumers) {
    }

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final BrokerProperties broker;
    private final Clock clock;
    private List<Depth> remote;
    private long remoteAt;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, BrokerProperties broker, Clock clock) {
        this.embedded = embedded;
        this.broker = broker;
        this.clock = clock;
    }

    /** Every queue of ours; empty when the broker cannot be asked. */
    public Optional<List<Depth>> all() {
        EmbeddedActiveMQ local = embedded.getIfAvailable();
        if (local == null) {
            return remote();
        }
        Object[] queues = local.getActiveMQServer().getManagementService().getResources(QueueControl.class);
        return Optional.of(Arrays.stream(queues).map(QueueControl.class::cast)
                .filter(q -> OURS.matcher(q.getName()).matches())
                .map(q -> new Depth(q.getName(), q.getMessageCount(), q.getDeliveringCount(), q.getConsumerCount()))
                .sorted(Comparator.comparing(Depth::queue)).toList());
    }

    /** One queue now; empty when the broker cannot be asked or the queue is gone. */
    public Optional<Depth> of(String queue) {
        EmbeddedActiveMQ local = embedded.getIfAvailable();
        if (local == null) {
            return remote().flatMap(all -> all.stream().filter(d -> d.queue().equals(queue)).findFirst());
        }
        Object resource = local.getActiveMQServer().getManagementService().getResource(ResourceNames.QUEUE + queue);
        return resource instanceof QueueControl q
                ? Optional.of(new Depth(q.getName(), q.getMessageCount(), q.getDeliveringCount(), q.getConsumerCount()))
                : Optional.empty();
    }

    private synchronized Optional<List<Depth>> remote() {
        long now = clock.millis();
        if (remote != null && now - remoteAt < REMOTE_CACHE_MS) {
            return Optional.of(remote);
        }
        try (ServerLocator locator = ActiveMQClient.createServerLocator(broker.url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(broker.user(), broker.password(), false, true, true, false,
                     ActiveMQClient.DEFAULT_ACK_BATCH_SIZE)) {
            ClientRequestor requestor = new ClientRequestor(session, "activemq.management");
            session.start();
            List<Depth> depths = new ArrayList<>();
            for (Object name : (Object[]) ask(session, requestor, ResourceNames.BROKER, "getQueueNames", true)) {
                String queue = String.valueOf(name);
                if (OURS.matcher(queue).matches()) {
                    String resource = ResourceNames.QUEUE + queue;
                    depths.add(new Depth(queue, number(ask(session, requestor, resource, "messageCount", false)),
                            (int) number(ask(session, requestor, resource, "deliveringCount", false)),
                            (int) number(ask(session, requestor, resource, "consumerCount", false))));
                }
            }
            depths.sort(Comparator.comparing(Depth::queue));
            remote = List.copyOf(depths);
            remoteAt = now;
            return Optional.of(remote);
        } catch (Exception e) {
            LOG.debug("queue depths unavailable from the external broker: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Object ask(ClientSession session, ClientRequestor requestor, String resource, String name,
                              boolean operation) throws Exception {
        ClientMessage request = session.createMessage(false);
        if (operation) {
            ManagementHelper.putOperationInvocation(request, resource, name);
        } else {
            ManagementHelper.putAttribute(request, resource, name);
        }
        return reply(requestor, request, resource + "." + name, 5_000);
    }

    /** Invokes an operation of a broker resource through the management address, waiting up to {@code timeoutMs}. */
    static Object invoke(ClientSession session, ClientRequestor requestor, long timeoutMs, String resource,
                         String operation, Object... parameters) throws Exception {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putOperationInvocation(request, resource, operation, parameters);
        return reply(requestor, request, resource + "." + operation, timeoutMs);
    }

    private static Object reply(ClientRequestor requestor, ClientMessage request, String what, long timeoutMs)
            throws Exception {
        ClientMessage reply = requestor.request(request, timeoutMs);
        if (reply == null) {
            throw new IllegalStateException("management request " + what + ": no answer within " + timeoutMs + " ms");
        }
        if (!ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException("management request " + what + " failed: "
                    + ManagementHelper.getResult(reply));
        }
        return ManagementHelper.getResult(reply);
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
