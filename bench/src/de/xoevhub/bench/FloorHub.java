package de.xoevhub.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.xoevhub.schema.HeadReader;
import de.xoevhub.schema.Inspector;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.schema.SchemaProperties;
import de.xoevhub.schema.SchemaRegistry;
import de.xoevhub.schema.SchemaValidator;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.flywaydb.core.Flyway;

/**
 * The floor: a stand-in hub that does only what the issue's own interface requires of any implementation, and
 * nothing the hub adds on top, so that {@code HubLoad} can measure it exactly as it measures the hub. Per message:
 * <ul>
 *   <li>intake: HTTP POST (the JDK's built-in server, lighter than Tomcat), the bearer token compared by its
 *   SHA-256, the body read, the hub's {@link Inspector} (head read and XSD validation, as in the bare loop), one
 *   database transaction (the ledger row with its unique dedupe key, one Laufzettel event hashing its predecessor),
 *   one persistent, broker-acknowledged send to hub.inbox carrying the delivery properties, a 202 JSON receipt;</li>
 *   <li>pipeline: one local JMS transaction that takes the message off hub.inbox and sends it to fv.demo with a
 *   duplicate-detection id, one database transaction (the state DELIVERED and one Laufzettel event on the locked
 *   row), commit.</li>
 * </ul>
 * No Spring, no Camel, no connection pool, no routing table, no sealing, no metrics, no logging, no status API:
 * whatever this costs, every implementation of the interface costs at least as much on the same machine. The ledger
 * uses the hub's own Flyway migrations on H2 in file mode and the broker the hub's broker.xml (journal synced).
 */
public final class FloorHub {

    private static final String ZERO_HASH = "0".repeat(64);

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, "port", "broker-config", "broker-port", "vm-id", "data-dir", "schemas", "token",
                "threads", "consumers", "ledger", "db-user");
        Path data = Path.of(args.text("data-dir", "target/bench-floor"));
        String vmId = args.text("vm-id", "7");
        EmbeddedActiveMQ broker = BareLoop.startBroker(Path.of(args.text("broker-config", "config/artemis/broker.xml")),
                data.resolve("artemis"), vmId, args.text("broker-port", "61716"));
        // h2 (the embedded default), a JDBC URL (e.g. PostgreSQL with --db-user), or none: no database at all, the
        // floor of anything that answers HTTP and makes both hops.
        String ledger = args.text("ledger", "h2");
        String jdbc = switch (ledger) {
            case "h2" -> "jdbc:h2:file:" + data.toAbsolutePath().resolve("ledger") + ";DB_CLOSE_ON_EXIT=FALSE";
            case "none" -> null;
            default -> {
                if (!ledger.startsWith("jdbc:")) {
                    throw new IllegalArgumentException("--ledger is h2, none or a JDBC URL");
                }
                yield ledger;
            }
        };
        String user = args.text("db-user", "sa");
        if (jdbc != null) {
            Flyway.configure().dataSource(jdbc, user, "").locations("classpath:db/migration").load().migrate();
        }

        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of(
                args.text("schemas", "schemas")))));
        Inspector inspector = new Inspector(new HeadReader(), registry, new SchemaValidator());
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://" + vmId);
        cf.setBlockOnDurableSend(true); // the 202 only once the broker has the message on disk, as in the hub
        Connection connection = cf.createConnection();
        connection.start();

        byte[] tokenHash = sha256(args.text("token", "demo-portal-token").getBytes(StandardCharsets.UTF_8));
        ThreadLocal<Ledger> ledgers = ThreadLocal.withInitial(() -> new Ledger(jdbc, user));
        ThreadLocal<InboxSender> senders = ThreadLocal.withInitial(() -> new InboxSender(connection));
        // Without it the JDK server writes headers and body as two segments and Nagle's algorithm holds the second
        // until the client's delayed ACK: every exchange would wait about 40 ms, and the floor would measure that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(args.text("port", "18080"))), 256);
        server.setExecutor(Executors.newFixedThreadPool(args.number("threads", 32)));
        server.createContext("/api/v1/submissions", exchange -> {
            try (exchange) {
                intake(exchange, tokenHash, inspector, ledgers.get(), senders.get());
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        server.createContext("/actuator/health/readiness", exchange -> {
            try (exchange) {
                respond(exchange, 200, "{\"status\":\"UP\"}");
            }
        });
        int consumers = args.number("consumers", 8);
        for (int i = 0; i < consumers; i++) {
            Thread pipeline = new Thread(() -> pipeline(connection, new Ledger(jdbc, user)), "floor-pipeline-" + i);
            pipeline.setDaemon(true);
            pipeline.start();
        }
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            try {
                connection.close();
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.printf("floor: ready on 127.0.0.1:%s, broker %s, %d pipeline consumers, ledger %s%n",
                args.text("port", "18080"), args.text("broker-port", "61716"), consumers, args.text("ledger", "h2"));
    }

    private static void intake(HttpExchange exchange, byte[] tokenHash, Inspector inspector, Ledger ledger,
            InboxSender sender) throws Exception {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !MessageDigest.isEqual(tokenHash,
                sha256(authorization.substring(7).getBytes(StandardCharsets.UTF_8)))) {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 401, "{\"type\":\"unauthorized\"}");
            return;
        }
        long length = Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
        if (length > 64L << 20) {
            respond(exchange, 413, "{\"type\":\"too-large\"}");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) length);
        }
        Inspector.Inspection inspection = inspector.inspect(body);
        if (!inspection.report().valid()) {
            respond(exchange, 422, "{\"type\":\"schema-invalid\"}");
            return;
        }
        MessageHead head = inspection.head();
        String id = UUID.randomUUID().toString();
        String sha = HexFormat.of().formatHex(sha256(body));
        long now = System.currentTimeMillis();
        ledger.accept(id, head, sha, body.length, now);
        sender.send(body, head, id, sha);
        respond(exchange, 202, "{\"id\":\"" + id + "\",\"nachrichtenUUID\":\"" + head.nachrichtenUUID()
                + "\",\"standard\":\"" + head.standard() + "\",\"version\":\"" + head.version()
                + "\",\"nachrichtentyp\":\"" + head.nachrichtentyp() + "\",\"receivedAt\":" + now + ",\"sha256\":\""
                + sha + "\",\"state\":\"ACCEPTED\",\"statusUrl\":\"/api/v1/submissions/" + id + "\"}");
    }

    /** One pipeline consumer: hub.inbox to fv.demo in one local JMS transaction, the ledger committed before it. */
    private static void pipeline(Connection connection, Ledger ledger) {
        try {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer inbox = session.createConsumer(session.createQueue("hub.inbox"));
            MessageProducer fachverfahren = session.createProducer(session.createQueue("fv.demo"));
            fachverfahren.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (true) {
                Message taken = inbox.receive(1_000);
                if (taken == null) {
                    continue;
                }
                BytesMessage in = (BytesMessage) taken;
                byte[] body = new byte[(int) in.getBodyLength()];
                in.readBytes(body);
                BytesMessage out = session.createBytesMessage();
                out.writeBytes(body);
                for (String name : InboxSender.PROPERTIES) {
                    out.setObjectProperty(name, in.getObjectProperty(name));
                }
                String id = in.getStringProperty("hubMessageId");
                out.setStringProperty("_AMQ_DUPL_ID", id + ":demo");
                fachverfahren.send(out);
                ledger.delivered(id, System.currentTimeMillis());
                session.commit();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One JDBC connection, used by one thread only: the ledger row and its Laufzettel, one transaction per step.
     * Without a JDBC URL (--ledger none) it does nothing.
     */
    private static final class Ledger {
        private final java.sql.Connection db;

        Ledger(String jdbc, String user) {
            try {
                db = jdbc == null ? null : DriverManager.getConnection(jdbc, user, "");
                if (db != null) {
                    db.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void accept(String id, MessageHead head, String sha, int size, long now) throws SQLException {
            if (db == null) {
                return;
            }
            String hash = eventHash(ZERO_HASH, id, 1, now, "RECEIVED");
            try (PreparedStatement row = db.prepareStatement("INSERT INTO submission (id, tenant, portal, dedupe_key,"
                    + " nachrichten_uuid, standard, version, nachrichtentyp, autor, leser, test, sha256, size_bytes,"
                    + " state, received_at, updated_at, laufzettel_count, laufzettel_head)"
                    + " VALUES (?, 'demo', 'demo-portal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACCEPTED', ?, ?, 1, ?)")) {
                row.setString(1, id);
                row.setString(2, "demo-portal:" + head.nachrichtenUUID());
                row.setString(3, head.nachrichtenUUID());
                row.setString(4, head.standard());
                row.setString(5, head.version());
                row.setString(6, head.nachrichtentyp());
                row.setString(7, head.autor());
                row.setString(8, head.leser());
                row.setBoolean(9, head.test());
                row.setString(10, sha);
                row.setLong(11, size);
                row.setLong(12, now);
                row.setLong(13, now);
                row.setString(14, hash);
                row.executeUpdate();
            }
            event(id, 1, now, "RECEIVED", ZERO_HASH, hash);
            db.commit();
        }

        void delivered(String id, long now) throws SQLException {
            if (db == null) {
                return;
            }
            int count;
            String previous;
            try (PreparedStatement lock = db.prepareStatement(
                    "SELECT laufzettel_count, laufzettel_head FROM submission WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                    previous = rs.getString(2);
                }
            }
            String hash = eventHash(previous, id, count + 1, now, "DELIVERED");
            event(id, count + 1, now, "DELIVERED", previous, hash);
            try (PreparedStatement row = db.prepareStatement("UPDATE submission SET state = 'DELIVERED',"
                    + " updated_at = ?, laufzettel_count = ?, laufzettel_head = ? WHERE id = ?")) {
                row.setLong(1, now);
                row.setInt(2, count + 1);
                row.setString(3, hash);
                row.setString(4, id);
                row.executeUpdate();
            }
            db.commit();
        }

        private void event(String id, int seq, long now, String step, String previous, String hash)
                throws SQLException {
            try (PreparedStatement event = db.prepareStatement("INSERT INTO laufzettel_event (submission_id, seq,"
                    + " at_ms, step, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, 'OK', NULL, ?, ?)")) {
                event.setString(1, id);
                event.setInt(2, seq);
                event.setLong(3, now);
                event.setString(4, step);
                event.setString(5, previous);
                event.setString(6, hash);
                event.executeUpdate();
            }
        }

        private static String eventHash(String previous, String id, int seq, long now, String step) {
            return HexFormat.of().formatHex(sha256((previous + '|' + id + '|' + seq + '|' + now + '|' + step + "|OK")
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** One JMS session and producer on hub.inbox, used by one thread only. */
    private static final class InboxSender {
        static final List<String> PROPERTIES = List.of("hubMessageId", "tenant", "standard", "version",
                "nachrichtentyp", "nachrichtenUUID", "autor", "leser", "sha256", "test");
        private final Session session;
        private final MessageProducer producer;

        InboxSender(Connection connection) {
            try {
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue("hub.inbox"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void send(byte[] body, MessageHead head, String id, String sha) throws Exception {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            m.setStringProperty("_AMQ_DUPL_ID", id + ":inbox");
            m.setStringProperty("hubMessageId", id);
            m.setStringProperty("tenant", "demo");
            m.setStringProperty("standard", head.standard());
            m.setStringProperty("version", head.version());
            m.setStringProperty("nachrichtentyp", head.nachrichtentyp());
            m.setStringProperty("nachrichtenUUID", head.nachrichtenUUID());
            m.setStringProperty("autor", head.autor());
            m.setStringProperty("leser", head.leser());
            m.setStringProperty("sha256", sha);
            m.setBooleanProperty("test", head.test());
            producer.send(m);
        }
    }
}
