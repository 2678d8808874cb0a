package de.xoevhub.bench;

import de.xoevhub.schema.HeadReader;
import de.xoevhub.schema.Inspector;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.schema.SchemaProperties;
import de.xoevhub.schema.SchemaRegistry;
import de.xoevhub.schema.SchemaValidator;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The baseline: the least work any correct hub must do per message, with no HTTP, no Camel, no database. Each
 * operation inspects the message exactly as the intake does (the hub's Inspector: HeadReader, SchemaRegistry,
 * SchemaValidator) and makes one persistent, broker-acknowledged send to hub.inbox on its own embedded Artemis,
 * started from the hub's broker.xml, so the journal is synced exactly as in the hub.
 */
public final class BareLoop {

    public static void main(String[] argv) throws Exception {
        int failed = run(argv);
        // Broker and client pools keep non-daemon threads alive for a while after stop; do not wait for them.
        System.exit(failed);
    }

    private static int run(String[] argv) throws Exception {
        Args args = new Args(argv, "messages", "concurrency", "warmup", "broker-config", "data-dir", "vm-id", "port",
                "schemas", "sample", "size", "results", "timeout-seconds");
        int messages = args.number("messages", 10_000);
        int concurrency = args.number("concurrency", 16);
        int warmup = args.number("warmup", 1_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.number("timeout-seconds", 600));
        DemoMessages demo = new DemoMessages(Path.of(args.text("sample", "schemas/demo/samples/antrag.xml")),
                args.number("size", 4096));
        String vmId = args.text("vm-id", "9");
        EmbeddedActiveMQ broker = startBroker(Path.of(args.text("broker-config", "config/artemis/broker.xml")),
                Path.of(args.text("data-dir", "target/bench-bare/artemis")), vmId, args.text("port", "61717"));
        try {
            SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of(
                    args.text("schemas", "schemas")))));
            Inspector inspector = new Inspector(new HeadReader(), registry, new SchemaValidator());
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://" + vmId);
            cf.setBlockOnDurableSend(true); // as the hub's intake: return only once the broker has it on disk
            try (Connection connection = cf.createConnection()) {
                // JMS sessions are single-threaded, so each worker thread gets its own, as from the hub's session cache.
                ThreadLocal<Sender> senders = ThreadLocal.withInitial(() -> new Sender(connection));
                LoadRunner.Operation op = () -> {
                    byte[] body = demo.next();
                    Inspector.Inspection inspection = inspector.inspect(body);
                    if (!inspection.report().valid()) {
                        return false;
                    }
                    senders.get().send(body, inspection.head());
                    return true;
                };
                System.out.printf("bare: warm-up %d messages, concurrency %d%n", warmup, concurrency);
                new LoadRunner("bare-warm-up", concurrency, 0, () -> "").run(warmup, op, deadline);
                System.out.printf("bare: measuring %d messages of %d bytes, concurrency %d%n", messages,
                        demo.size(), concurrency);
                CpuClock cpu = CpuClock.self();
                long cpu0 = cpu.millis();
                var jit0 = cpu.compilerTicks();
                long machine0 = CpuClock.machineBusyMillis();
                LoadRunner.Run run = new LoadRunner("bare", concurrency, 0, () -> "").run(messages, op, deadline);
                long ownMs = cpu.millis() - cpu0;
                String jit = CpuClock.share(cpu.compilerMillisSince(jit0), ownMs);
                long othersMs = Math.max(0, CpuClock.machineBusyMillis() - machine0 - ownMs);
                String cpuPerMessage = CpuClock.perMessage(ownMs, run.ok());
                String others = String.format("%.2f", othersMs / 1000.0 / (run.nanos() / 1e9));
                Figures bare = new Figures("bare", run.ok(), run.errors(), run.nanos(), run.latencyMicros());
                bare.print(System.out);
                bare.put("concurrency", Integer.toString(concurrency)).put("cpu_ms_per_msg", cpuPerMessage)
                        .put("jit_cpu_percent", jit).put("others_cpu_cores", others);
                System.out.printf("cpu        bare loop %s ms/msg (JIT compiler %s %%, broker included: same JVM); other"
                        + " processes used %s cores%n", cpuPerMessage, jit, others);
                bare.write(Path.of(args.text("results", "bare-results.properties")));
                return run.errors() > 0 ? 1 : 0;
            }
        } finally {
            broker.stop();
        }
    }

    static EmbeddedActiveMQ startBroker(Path config, Path dataDir, String vmId, String port)
            throws Exception {
        Files.createDirectories(dataDir);
        // broker.xml names paths, acceptors and redelivery with ${hub.broker.*} system properties, which the hub
        // fills from application.yaml; these are its defaults. A new placeholder must be taught here, not guessed.
        Map<String, String> values = Map.of("data", dataDir.toAbsolutePath().toString(), "host", "127.0.0.1",
                "port", port, "vmId", vmId, "name", "xoev-hub-bare", "maxDeliveryAttempts", "10",
                "redeliveryDelay", "1000", "maxRedeliveryDelay", "60000");
        Matcher placeholder = Pattern.compile("\\$\\{hub\\.broker\\.([A-Za-z]+)}").matcher(Files.readString(config));
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!values.containsKey(name)) {
                throw new IllegalStateException(config + " uses ${hub.broker." + name + "}; add its value to BareLoop");
            }
            System.setProperty("hub.broker." + name, values.get(name));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfigResourcePath(config.toAbsolutePath().toUri().toString());
        broker.start();
        return broker;
    }

    /** One JMS session and producer, used by one thread only. */
    private static final class Sender {
        private final Session session;
        private final MessageProducer producer;

        Sender(Connection connection) {
            try {
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue("hub.inbox"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void send(byte[] body, MessageHead head) throws Exception {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            String id = UUID.randomUUID().toString();
            // The same duplicate-detection id the intake sets: with persist-id-cache it costs a journal record too.
            m.setStringProperty("_AMQ_DUPL_ID", id + ":inbox");
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("standard", head.standard());
            m.setStringProperty("nachrichtenUUID", head.nachrichtenUUID());
            producer.send(m);
        }
    }
}
