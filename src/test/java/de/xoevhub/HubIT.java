package de.xoevhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run the whole hub on embedded defaults: embedded Artemis with a persistent
 * journal, H2 in file mode, the real route files. All subclasses share one application context; its data
 * directory and ports are fresh per test JVM.
 */
// metrics export (Prometheus) on, as in production; Spring Boot tests turn it off by default
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // console accounts of the tests: src/test/resources/application-it.yaml
        "spring.profiles.active=it",
        "hub.routing-file=src/test/resources/routing-it.yaml",
        "hub.schemas.paths=schemas,src/test/resources/bundles",
        "hub.broker.max-delivery-attempts=3",
        "hub.broker.redelivery-delay-ms=100",
        "hub.broker.max-redelivery-delay-ms=400",
        // small enough that the hostile corpus' tenfold burst (80 x 900 KiB at once) meets the budget: 503 intake-busy
        "hub.intake.max-buffered-size=8MB"})
public abstract class HubIT {

    public static final String DEMO_TOKEN = "demo-portal-token";
    public static final String OTHER_TOKEN = "other-portal-token";
    /** A portal of tenant demo that must sign everything it sends. */
    public static final String STRICT_TOKEN = "strict-portal-token";
    /** ../shared/xoev beside the project root; the tests that need it skip, saying so, where it is absent. */
    public static final Path SHARED = Path.of(System.getProperty("xoev.shared", "../shared/xoev"));

    protected static final Path DATA_DIR = tempDir();
    /** The portal CA routing-it.yaml trusts: written before the hub starts. */
    protected static final Path PORTAL_PKI = PortalPki.writeTo(DATA_DIR);
    protected static final int BROKER_PORT = freePort();
    /** Where the SFTP test server listens for the SFTP destinations of routing-it.yaml. */
    protected static final int SFTP_PORT = freePort();
    /** Where Debian's sshd (OpensshServer) listens for the destination dms-openssh of routing-it.yaml. */
    protected static final int OPENSSH_PORT = freePort();
    /** Where the SFTP server of the portals' outboxes (sftp-intake in routing-it.yaml) listens. */
    protected static final int SFTP_INTAKE_PORT = freePort();
    /** That server, up for the whole test JVM so the intake routes of the shared hub always find it. */
    protected static final SftpTestServer SFTP_INTAKE = startIntakeServer();
    /** Where the OIDC issuer of the tests (admin.TestIssuer) listens, when a test runs it (application-it.yaml). */
    protected static final int OIDC_PORT = freePort();
    /** Where the test portal "callback-portal" receives its status notices (routing-it.yaml). */
    protected static final int CALLBACK_PORT = freePort();
    static final int VM_ID = ThreadLocalRandom.current().nextInt(1000, 100_000);

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        // each test context is its own deployment: on the shared PostgreSQL of the second test run, contexts must
        // not hold each other's cluster locks
        String cluster = "it-" + java.util.UUID.randomUUID();
        registry.add("hub.cluster.name", () -> cluster);
        registry.add("hub.broker.port", () -> BROKER_PORT);
        registry.add("hub.test.callback-port", () -> CALLBACK_PORT);
        registry.add("hub.test.oidc-port", () -> OIDC_PORT);
        registry.add("hub.test.sftp-port", () -> SFTP_PORT);
        SftpTestServer.prepare(DATA_DIR.resolve("sftp"), SFTP_PORT);
        registry.add("hub.test.openssh-port", () -> OPENSSH_PORT);
        registry.add("hub.test.openssh-user", () -> OpensshServer.USER);
        OpensshServer.prepare(DATA_DIR.resolve("openssh"), OPENSSH_PORT);
        registry.add("hub.test.sftp-intake-port", () -> SFTP_INTAKE_PORT);
        registry.add("hub.broker.vm-id", () -> VM_ID);
        registry.add("hub.broker.name", () -> "xoev-hub-it-" + VM_ID);
    }

    protected HttpResponse<String> post(String token, String contentType, byte[] body) throws Exception {
        return new PortalClient(port).post(token, contentType, body);
    }

    protected HttpResponse<String> postXml(byte[] body) throws Exception {
        return new PortalClient(port).postXml(body);
    }

    protected HttpResponse<String> get(String token, String pathOrUrl) throws Exception {
        return new PortalClient(port).get(token, pathOrUrl);
    }

    /** Posts a message as the demo portal, requires 202 and returns the submission's id. */
    protected String accept(byte[] body) throws Exception {
        var response = postXml(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new ObjectMapper().readTree(response.body()).get("id").asText();
    }

    /** The status of a submission as its portal sees it. */
    protected JsonNode status(String token, String id) throws Exception {
        return new ObjectMapper().readTree(get(token, "/api/v1/submissions/" + id).body());
    }

    /** Waits up to 30 s for a submission to reach {@code state}; its Laufzettel must then be intact. */
    protected JsonNode awaitState(String token, String id, String state) {
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            status[0] = status(token, id);
            assertThat(status[0].get("state").asText()).isEqualTo(state);
        });
        assertThat(status[0].get("laufzettelIntact").asBoolean()).as("Laufzettel intact").isTrue();
        return status[0];
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SftpTestServer startIntakeServer() {
        try {
            SftpTestServer.prepare(DATA_DIR.resolve("sftp-intake"), SFTP_INTAKE_PORT);
            Path root = Files.createDirectories(DATA_DIR.resolve("sftp-intake-root"));
            Files.createDirectories(root.resolve("outbox"));
            Files.createDirectories(root.resolve("readlock"));
            return SftpTestServer.start(SFTP_INTAKE_PORT, root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
