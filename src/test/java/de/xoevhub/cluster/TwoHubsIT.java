package de.xoevhub.cluster;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalClient;
import de.xoevhub.QueueProbe;
import de.xoevhub.XoevHubApplication;
import de.xoevhub.admin.RouteControl;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two hub instances on one broker and one database, as in the production topology (docs/topology.md): HubIT's
 * context with the embedded Artemis, and a second instance in the same JVM that reaches that broker over TCP and
 * shares the database and the cluster name. Both take submissions and compete for hub.inbox and hub.receipts, yet a
 * submission posted to both at once is accepted once, each message reaches fv.demo once, each SFTP file is taken
 * once, each acknowledgement is applied once and each state change is noticed to its portal once; the singleton
 * work (SFTP poll, notice dispatch) runs on exactly one instance, the holder of its cluster lock.
 */
class TwoHubsIT extends HubIT {

    private static final String CALLBACK_TOKEN = "callback-portal-token";
    /** What the second instance takes from the first as the first resolved it (the datasource: H2, or PostgreSQL). */
    private static final List<String> COPIED = List.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "hub.cluster.name", "hub.data-dir", "hub.routing-file", "hub.schemas.paths",
            "hub.seal.keystore", "hub.seal.password-file", "hub.seal.active-alias", "hub.broker.max-delivery-attempts",
            "hub.broker.redelivery-delay-ms", "hub.broker.max-redelivery-delay-ms", "hub.test.callback-port",
            "hub.test.oidc-port", "hub.test.sftp-port", "hub.test.openssh-port", "hub.test.openssh-user",
            "hub.test.sftp-intake-port");

    private static ConfigurableApplicationContext second;

    @Autowired
    ApplicationContext first;

    @Autowired
    Ledger ledger;

    @Autowired
    Laufzettel laufzettel;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @BeforeAll
    static void startSecondHub(@Autowired Environment firstHub) {
        List<String> args = new ArrayList<>();
        for (String key : COPIED) {
            String value = firstHub.getProperty(key);
            if (value != null) {
                args.add("--" + key + "=" + value);
            }
        }
        args.add("--spring.profiles.active=" + String.join(",", firstHub.getActiveProfiles()));
        // the first instance's broker, over the network like an external one (security is off there)
        args.add("--hub.broker.embedded=false");
        args.add("--hub.broker.url=tcp://127.0.0.1:" + BROKER_PORT);
        // per instance: the spool is emptied at start, the port and Camel's JMX names must not clash
        args.add("--hub.spool.directory=" + DATA_DIR.resolve("spool-hub-2"));
        args.add("--server.port=" + freePort());
        args.add("--camel.main.name=xoev-hub-2");
        second = new SpringApplicationBuilder(XoevHubApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopSecondHub() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void bothHubsShareThePipelineAndEachMessageReachesItsQueueOnce() throws Exception {
        assertThat(second.getBean(CamelContext.class).getRouteController().getRouteStatus("inbox-router"))
                .isEqualTo(ServiceStatus.Started);
        long[] before = completed("inbox-router");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(accept(i % 2, DEMO_TOKEN, DemoMessages.antrag(UUID.randomUUID().toString(), "ags:two-hubs-" + i)));
        }
        awaitAll(ids, SubmissionState.DELIVERED);

        assertEachOnFvDemoOnce(ids);
        assertThat(ids).allSatisfy(id -> {
            assertThat(steps(id)).as("Laufzettel of " + id).containsOnlyOnce("deliver");
            assertThat(laufzettel.trail(id).intact()).as("Laufzettel of " + id + " intact").isTrue();
        });
        long[] passes = since(before, "inbox-router", ids.size());
        assertThat(passes[0]).as("passes on hub 1").isPositive();
        assertThat(passes[1]).as("passes on hub 2").isPositive();
    }

    @Test
    void theSameSubmissionPostedToBothHubsAtOnceIsAcceptedOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:two-hubs-race");
            var toFirst = CompletableFuture.supplyAsync(() -> post(0, body));
            var toSecond = CompletableFuture.supplyAsync(() -> post(1, body));
            List<HttpResponse<String>> responses = List.of(toFirst.get(), toSecond.get());
            assertThat(responses).extracting(HttpResponse::statusCode).as("the portal's two posts")
                    .containsExactlyInAnyOrder(202, 200);
            List<String> both = new ArrayList<>();
            for (HttpResponse<String> r : responses) {
                both.add(new ObjectMapper().readTree(r.body()).get("id").asText());
            }
            assertThat(both.get(1)).as("the same receipt from both hubs").isEqualTo(both.get(0));
            ids.add(both.get(0));
        }
        awaitAll(ids, SubmissionState.DELIVERED);
        assertEachOnFvDemoOnce(ids);
    }

    @Test
    void twoCopiesOfAMessageOnTheInboxAreNeverPassedAtOnce() throws Exception {
        // Two copies of one message on hub.inbox: two intake sends of the same submission that the broker's duplicate
        // check let through side by side (its check and its record of the id are two steps). Passed at the same
        // time, each pass's copies would pass the broker's check too, and the Fachverfahren would get the message
        // twice. The copies here are the intake's own message, taken off hub.inbox while no hub consumes, and sent
        // back twice with all its properties in one transaction.
        List<CamelContext> hubs = List.of(first.getBean(CamelContext.class), second.getBean(CamelContext.class));
        for (CamelContext hub : hubs) {
            hub.getRouteController().stopRoute("inbox-router");
        }
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                ids.add(accept(i % 2, DEMO_TOKEN, DemoMessages.antrag(UUID.randomUUID().toString(), "ags:two-copies")));
            }
            List<QueueProbe.Received> taken;
            try (QueueProbe inbox = new QueueProbe(broker, "hub.inbox", selector(ids))) {
                taken = inbox.drain(2_000);
            }
            assertThat(taken).as("the intake's messages on hub.inbox").hasSize(ids.size());
            QueueProbe.copyAtOnce(broker, "hub.inbox", taken, 2);
        } finally {
            for (CamelContext hub : hubs) {
                hub.getRouteController().startRoute("inbox-router");
            }
        }
        awaitAll(ids, SubmissionState.DELIVERED);
        // each second copy was passed after the first had committed: the broker refused its copies, and it was taken
        // without sending when it came again (DuplicateCopyIT)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                assertThat(outcomes(id)).as("Laufzettel of " + id).containsOnlyOnce("DUPLICATE_TAKEN")));
        assertEachOnFvDemoOnce(ids);
        try (QueueProbe dlq = new QueueProbe(broker, "hub.dlq", selector(ids))) {
            assertThat(dlq.receive(1_000)).as("nothing dead-lettered").isNull();
        }
    }

    @Test
    void eachFileInTheSharedOutboxIsTakenOnceByTheInstanceHoldingThePoll() throws Exception {
        String route = "sftp-intake-sftp-portal";
        assertThat(second.getBean(CamelContext.class).getRouteController().getRouteStatus(route))
                .isEqualTo(ServiceStatus.Started);
        long[] before = completed(route);
        Path outbox = SFTP_INTAKE.dir("outbox");
        Map<String, String> files = new LinkedHashMap<>(); // nachrichtenUUID -> file name
        for (int i = 0; i < 20; i++) {
            String uuid = UUID.randomUUID().toString();
            String name = "two-hubs-" + uuid + ".xml";
            Files.write(outbox.resolve(name), DemoMessages.antrag(uuid, "ags:two-hubs-sftp"));
            Files.write(outbox.resolve(name + ".done"), new byte[0]);
            files.put(uuid, name);
            Thread.sleep(100); // spread over several polls of each hub, so that a second poller would get some
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                files.values().stream().allMatch(name -> Files.exists(outbox.resolve(".done").resolve(name))));

        List<String> ids = new ArrayList<>();
        for (String uuid : files.keySet()) {
            List<Submission> found = ledger.findByNachrichtenUUID(uuid);
            assertThat(found).as("submissions of " + uuid).hasSize(1);
            ids.add(found.get(0).id());
        }
        awaitAll(ids, SubmissionState.DELIVERED);
        assertEachOnFvDemoOnce(ids);
        assertThat(files.values()).allSatisfy(name -> {
            assertThat(outbox.resolve(name)).doesNotExist();
            assertThat(outbox.resolve(name + ".done")).doesNotExist();
            assertThat(outbox.resolve(".error").resolve(name)).doesNotExist();
        });

        long[] taken = since(before, route, files.size());
        List<Boolean> holders = lockHolders("poll:" + route);
        assertThat(holders).containsExactlyInAnyOrder(true, false);
        assertThat(taken[holders.indexOf(true)]).as("files taken by the lock holder").isEqualTo(files.size());
    }

    @Test
    void theSameAcknowledgementSentTwiceIsAppliedOnceWhileBothHubsTakeReceipts() throws Exception {
        long[] before = completed("acknowledgements");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(accept(i % 2, DEMO_TOKEN, DemoMessages.antrag(UUID.randomUUID().toString(), "ags:two-hubs-ack")));
        }
        awaitAll(ids, SubmissionState.DELIVERED);
        List<Map<String, String>> receipts = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> receipt = Map.of("hubMessageId", id, "outcome", "accepted");
            receipts.addAll(List.of(receipt, receipt));
        }
        // all at once, so that the consumers on both hubs take the two copies of an acknowledgement at the same time
        QueueProbe.sendAtOnce(broker, "hub.receipts", receipts);
        long[] taken = since(before, "acknowledgements", 2 * ids.size());

        assertThat(ids).allSatisfy(id -> {
            assertThat(dispositions(id)).as("acknowledgements of " + id).containsExactly("APPLIED", "DUPLICATE");
            assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.ACKNOWLEDGED);
            assertThat(steps(id)).as("Laufzettel of " + id).containsOnlyOnce("acknowledge");
            assertThat(laufzettel.trail(id).intact()).as("Laufzettel of " + id + " intact").isTrue();
        });
        assertThat(taken[0]).as("receipts taken by hub 1").isPositive();
        assertThat(taken[1]).as("receipts taken by hub 2").isPositive();
    }

    @Test
    void eachStateChangeIsNoticedOnceThoughBothHubsRunTheDispatcher() throws Exception {
        record Notice(String noticeId, String submissionId, String state) {
        }
        List<Notice> notices = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        HttpServer portal = HttpServer.create(new InetSocketAddress("127.0.0.1", CALLBACK_PORT), 0);
        portal.createContext("/notices", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            notices.add(new Notice(exchange.getRequestHeaders().getFirst("X-Hub-Notice-Id"), body.get("id").asText(),
                    body.get("state").asText()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        portal.start();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:two-hubs-cb");
                ids.add(accept(i % 2, CALLBACK_TOKEN, body));
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    notices.stream().map(Notice::submissionId).collect(Collectors.toSet()).containsAll(ids));
            Thread.sleep(5_000); // five dispatcher ticks on each hub: time enough for any second notice to come
        } finally {
            portal.stop(0);
        }

        List<Notice> ours = notices.stream().filter(n -> ids.contains(n.submissionId())).toList();
        assertThat(ours.stream().collect(groupingBy(n -> n.submissionId() + " " + n.state(), counting())))
                .as("notices per submission and state").hasSize(ids.size()).allSatisfy((key, count) ->
                        assertThat(count).as(key).isEqualTo(1));
        assertThat(ours).extracting(Notice::state).containsOnly("DELIVERED");
        assertThat(ours).extracting(Notice::noticeId).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(jdbc.sql("SELECT count(*) FROM portal_notice "
                + "WHERE submission_id = ? AND delivered_at IS NOT NULL").param(id).query(Integer.class).single())
                .as("delivered notices of " + id).isEqualTo(1));
        assertThat(lockHolders("portal-notices")).containsExactlyInAnyOrder(true, false);
    }

    /** Posts to hub 1 (0) or hub 2 (1), requires 202 and returns the submission's id. */
    private String accept(int hub, String token, byte[] body) throws Exception {
        var response = new PortalClient(port(hub)).post(token, "application/xml", body);
        assertThat(response.statusCode()).as("hub " + (hub + 1) + ": " + response.body()).isEqualTo(202);
        return new ObjectMapper().readTree(response.body()).get("id").asText();
    }

    /** Posts as the demo portal to hub 1 (0) or hub 2 (1). */
    private HttpResponse<String> post(int hub, byte[] body) {
        try {
            return new PortalClient(port(hub)).postXml(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int port(int hub) {
        return hub == 0 ? port : second.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    private void awaitAll(List<String> ids, SubmissionState state) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                assertThat(ledger.find(id).orElseThrow().state()).as(id).isEqualTo(state)));
    }

    /** Takes these messages off fv.demo until it stays quiet, as their Fachverfahren would: each must be there once. */
    private void assertEachOnFvDemoOnce(List<String> ids) throws Exception {
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", selector(ids))) {
            List<String> arrived = fv.drain(3_000).stream().map(r -> r.property("hubMessageId")).toList();
            assertThat(arrived).as("on fv.demo").hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /** The JMS selector of these hub messages. */
    private static String selector(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "hubMessageId IN (", ")"));
    }

    /** Exchanges each hub's route completed so far (hub 1, hub 2), as the admin's route view counts them. */
    private long[] completed(String routeId) {
        return List.of(first, second).stream().mapToLong(hub -> hub.getBean(RouteControl.class).routes().stream()
                .filter(r -> r.id().equals(routeId)).mapToLong(r -> r.exchangesTotal() - r.exchangesFailed())
                .findFirst().orElseThrow()).toArray();
    }

    /** Waits until both hubs together completed at least {@code expected} exchanges of the route since {@code before}. */
    private long[] since(long[] before, String routeId, int expected) {
        long[][] now = new long[1][];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long[] c = completed(routeId);
            now[0] = new long[] {c[0] - before[0], c[1] - before[1]};
            assertThat(now[0][0] + now[0][1]).as(routeId + " exchanges on both hubs").isGreaterThanOrEqualTo(expected);
        });
        return now[0];
    }

    /** For hub 1 and hub 2: whether it holds the cluster lock; asking renews a held lease and takes a free one. */
    private List<Boolean> lockHolders(String lock) {
        return List.of(first, second).stream().map(hub -> hub.getBean(ClusterLock.class).holds(lock)).toList();
    }

    private List<String> outcomes(String id) {
        return laufzettel.events(id).stream().map(LaufzettelEvent::outcome).toList();
    }

    private List<String> steps(String id) {
        return laufzettel.events(id).stream().map(LaufzettelEvent::step).toList();
    }

    private List<String> dispositions(String id) {
        return jdbc.sql("SELECT disposition FROM acknowledgement WHERE submission_id = ? ORDER BY disposition")
                .param(id).query(String.class).list();
    }
}
