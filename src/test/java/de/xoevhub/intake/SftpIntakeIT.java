package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.QueueProbe;
import de.xoevhub.seal.Openssl;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.LaufzettelEvent;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SFTP intake against a real SFTP server (Apache MINA SSHD in the test JVM, host keys checked): complete files
 * are accepted like HTTP submissions and moved to .done/, refused ones go to .error/ with a reason file and are
 * REJECTED in the ledger, incomplete files are left alone, and a file is taken only once.
 */
class SftpIntakeIT extends HubIT {

    @Autowired
    Ledger ledger;

    @Autowired
    Laufzettel laufzettel;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    private final Path outbox = SFTP_INTAKE.dir("outbox");

    @BeforeEach
    void routesAreUp() {
        assertThat(camel.getRouteController().getRouteStatus("sftp-intake-sftp-portal")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("sftp-intake-readlock-portal")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void completeFileIsAcceptedDeliveredAndMovedToDone() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String name = "antrag-" + uuid + ".xml";
        put(outbox, name, DemoMessages.antrag(uuid, "ags:sftp-1"), true);

        Submission s = awaitOne(uuid);
        assertThat(s.portal()).isEqualTo("sftp-portal");
        assertThat(details(s.id())).anySatisfy(d -> assertThat(d).contains("channel=sftp file=" + name));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + s.id() + "'")) {
            assertThat(fv.receive(15_000)).as("delivered to fv.demo").isNotNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve(".done").resolve(name)));
        assertThat(outbox.resolve(name)).doesNotExist();
        assertThat(outbox.resolve(name + ".done")).as("the done-file is removed").doesNotExist();
    }

    @Test
    void largeFileIsStreamedThroughTheSpoolAndDeliveredWhole() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String name = "large-" + uuid + ".xml";
        byte[] body = DemoMessages.large(uuid, "ags:sftp-large", 3 << 20);
        put(outbox, name, body, true);

        Submission s = awaitOne(uuid);
        assertThat(s.sizeBytes()).isEqualTo(body.length);
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + s.id() + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("delivered to fv.demo").isNotNull();
            assertThat(delivered.body()).isEqualTo(body);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve(".done").resolve(name)));
    }

    @Test
    void largeEncryptedFileIsOpenedFromTheSpoolAndDeliveredWhole() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String name = "large-" + uuid + ".p7m";
        byte[] message = DemoMessages.large(uuid, "ags:sftp-large", 3 << 20);
        Path work = Files.createTempDirectory(DATA_DIR, "sftp-p7m-");
        Path encrypted = Openssl.encrypt(Files.write(work.resolve("large.xml"), message), work.resolve("large.p7m"),
                "-aes-256-gcm", DATA_DIR.resolve("pki/hub-encryption.crt"));
        put(outbox, name, Files.readAllBytes(encrypted), true);

        Submission s = awaitOne(uuid);
        assertThat(details(s.id())).anySatisfy(d -> assertThat(d).contains("content=AuthEnvelopedData"));
        try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + s.id() + "'")) {
            QueueProbe.Received delivered = fv.receive(20_000);
            assertThat(delivered).as("delivered to fv.demo").isNotNull();
            assertThat(delivered.body()).isEqualTo(message);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve(".done").resolve(name)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(DATA_DIR.resolve("spool"))) {
                assertThat(files.filter(Files::isRegularFile).count()).as("spool files left behind").isZero();
            }
        });
    }

    @Test
    void fileWithoutItsDoneFileIsNotTakenUntilTheDoneFileComes() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String name = "partial-" + uuid + ".xml";
        put(outbox, name, DemoMessages.antrag(uuid, "ags:sftp-2"), false);
        Thread.sleep(2_000); // eight polls
        assertThat(outbox.resolve(name)).exists();
        assertThat(ledger.findByNachrichtenUUID(uuid)).isEmpty();

        Files.write(outbox.resolve(name + ".done"), new byte[0]);
        assertThat(awaitOne(uuid).state()).isIn(SubmissionState.ACCEPTED, SubmissionState.ROUTED, SubmissionState.DELIVERED);
    }

    @Test
    void invalidFileGoesToErrorWithItsReasonAndIsRejectedInTheLedger() throws Exception {
        String name = "invalid-" + UUID.randomUUID() + ".xml";
        put(outbox, name, Files.readAllBytes(DemoMessages.INVALID_SAMPLE), true);

        String reason = awaitReason(name);
        assertThat(reason).contains("type: urn:xoev-hub:problem:schema-invalid").contains("detail: ");
        Submission s = ledger.find(id(reason)).orElseThrow();
        assertThat(s.state()).isEqualTo(SubmissionState.REJECTED);
        assertThat(s.portal()).isEqualTo("sftp-portal");
        assertThat(details(s.id())).anySatisfy(d -> assertThat(d).contains("channel=sftp file=" + name));
        assertThat(outbox.resolve(name)).doesNotExist();
    }

    @Test
    void aFileTheBundlesRulesRaiseAnErrorOnGoesToErrorOnceNotBackToTheNextPoll() throws Exception {
        String name = "rule-error-" + UUID.randomUUID() + ".xml";
        put(outbox, name, "<antrag xmlns=\"urn:xoevhub:test:rule-error\"><datum>kein-datum-4711</datum></antrag>".getBytes(StandardCharsets.UTF_8), true);

        String reason = awaitReason(name);
        assertThat(reason).contains("type: urn:xoev-hub:problem:validation-incomplete").doesNotContain("4711");
        assertThat(ledger.find(id(reason)).orElseThrow().state()).isEqualTo(SubmissionState.REJECTED);
        assertThat(outbox.resolve(name)).doesNotExist();
    }

    @Test
    void namesWithPathsOrControlCharactersAreRefusedUnread() throws Exception {
        // (a name with a backslash is never offered by Camel, which reads '\' as a separator; IntakeFileNameTest)
        for (String name : List.of("up..dir.xml", "bell\u0007.xml")) {
            put(outbox, name, DemoMessages.antrag(), true);
            String reason = awaitReason(name);
            assertThat(reason).contains("urn:xoev-hub:problem:file-name-refused");
            Submission s = ledger.find(id(reason)).orElseThrow();
            assertThat(s.state()).isEqualTo(SubmissionState.REJECTED);
            assertThat(s.sha256()).as("not read").isNull();
            assertThat(details(s.id())).anySatisfy(d -> assertThat(d).contains("channel=sftp file="));
        }
    }

    @Test
    void aNameTooLongForItsReasonFileIsRefusedOnceWithTheReasonFileNamedShorter() throws Exception {
        // refused (over 200 characters), but <name>.reason.txt would be over the 255 bytes the file system allows:
        // the failed write made every poll refuse the file again, under a new id
        String start = "long-" + UUID.randomUUID() + "-";
        String name = start + "x".repeat(245 - start.length() - 4) + ".xml";
        put(outbox, name, DemoMessages.antrag(), true);

        Path error = outbox.resolve(".error");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error.resolve(name))
                && reasonFileStartingWith(error, start) != null);
        Path reasonFile = reasonFileStartingWith(error, start);
        String reason = Files.readString(reasonFile);
        assertThat(reason).contains("urn:xoev-hub:problem:file-name-refused");
        assertThat(reasonFile.getFileName().toString())
                .isEqualTo(name.substring(0, 207) + "~" + id(reason) + ".reason.txt");
        Thread.sleep(2_000); // eight more polls
        assertThat(submissionsOfFile(start)).as("one refusal, not one per poll").containsExactly(id(reason));
    }

    @Test
    void aRefusedFileThatCannotBeMovedToErrorIsRefusedOnceAndLeftInPlace() throws Exception {
        Path dir = SFTP_INTAKE.dir("readlock");
        Path blocker = Files.write(dir.resolve(".error"), new byte[0]); // a file: .error/ cannot be made
        String person = "Erika_Mustermann_" + UUID.randomUUID();
        String name = "unmovable-" + person + ".xml";
        try (CapturedLogs logs = new CapturedLogs()) {
            Files.write(dir.resolve(name), Files.readAllBytes(DemoMessages.INVALID_SAMPLE));
            await().atMost(Duration.ofSeconds(30)).until(() -> !submissionsOfFile(name).isEmpty());
            Thread.sleep(5_000); // polls enough to take it two more times, read lock included
            assertThat(submissionsOfFile(name)).as("one refusal, not one per poll").hasSize(1);
            String id = submissionsOfFile(name).get(0);
            assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SubmissionState.REJECTED);
            assertThat(dir.resolve(name)).as("neither reason file nor move could be written").exists();
            // the failed move is logged, with the portal and the submission id, and without the file's name
            assertThat(logs.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("readlock-portal").contains(id).contains("its move to .error/ failed"));
            assertThat(logs.events()).allSatisfy(e ->
                    assertThat(CapturedLogs.textOf(e)).as(e.getLoggerName()).doesNotContain(person));
        } finally {
            Files.deleteIfExists(dir.resolve(name));
            Files.delete(blocker);
        }
    }

    @Test
    void fileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        String name = "huge-" + UUID.randomUUID() + ".xml";
        try (RandomAccessFile f = new RandomAccessFile(outbox.resolve(name).toFile(), "rw")) {
            f.setLength(65L * 1024 * 1024); // sparse, over hub.intake.max-body-size (64 MB)
        }
        Files.write(outbox.resolve(name + ".done"), new byte[0]);
        String reason = awaitReason(name);
        assertThat(reason).contains("urn:xoev-hub:problem:payload-too-large");
        assertThat(ledger.find(id(reason)).orElseThrow().reason()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void theSameFilePutAgainIsNotTakenTwice() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String name = "again-" + uuid + ".xml";
        put(outbox, name, DemoMessages.antrag(uuid, "ags:sftp-3"), true);
        awaitOne(uuid);
        Path done = outbox.resolve(".done").resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));

        // same name, size and modification time: the same file
        Files.copy(done, outbox.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        Files.write(outbox.resolve(name + ".done"), new byte[0]);
        Thread.sleep(2_000);
        assertThat(outbox.resolve(name)).as("left alone").exists();
        assertThat(ledger.findByNachrichtenUUID(uuid)).hasSize(1);
        Files.delete(outbox.resolve(name));
        Files.delete(outbox.resolve(name + ".done"));
    }

    @Test
    void aRepeatedNachrichtenUuidIsNotedAndAConflictingOneRefused() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] body = DemoMessages.antrag(uuid, "ags:sftp-5");
        put(outbox, "first-" + uuid + ".xml", body, true);
        Submission first = awaitOne(uuid);

        put(outbox, "repeat-" + uuid + ".xml", body, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve(".done").resolve("repeat-" + uuid + ".xml")));
        assertThat(details(first.id())).anySatisfy(d -> assertThat(d).isEqualTo("channel=sftp file=repeat-" + uuid + ".xml"));

        String conflict = "conflict-" + uuid + ".xml";
        put(outbox, conflict, DemoMessages.antrag(uuid, "ags:sftp-other"), true);
        String reason = awaitReason(conflict);
        assertThat(reason).contains("urn:xoev-hub:problem:nachrichtenuuid-conflict");
        assertThat(id(reason)).isNotEqualTo(first.id());
        assertThat(ledger.find(id(reason)).orElseThrow().state()).isEqualTo(SubmissionState.REJECTED);
    }

    @Test
    void aFileWithoutNachrichtenUuidTakenAgainAfterACrashIsTheSameSubmission() throws Exception {
        String name = "invoice-" + UUID.randomUUID() + ".xml";
        byte[] body = DemoMessages.withoutNachrichtenUuid();
        put(outbox, name, body, true);
        Path done = outbox.resolve(".done").resolve(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));
        List<String> first = submissionsWithContent(body);
        assertThat(first).hasSize(1);

        // as if the instance died after sending the message on and before moving the file: the file is still in the
        // outbox (same name, size and time), its claim unconfirmed; once the claim expires, a poll takes it again
        Files.move(done, outbox.resolve(name));
        assertThat(jdbc.sql("UPDATE sftp_intake_file SET state = 'TAKING', claimed_until = 0 WHERE file_key LIKE ?")
                .param("sftp-portal/" + name + "/%").update()).isEqualTo(1);
        Files.write(outbox.resolve(name + ".done"), new byte[0]);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));
        assertThat(submissionsWithContent(body)).as("the same submission, not a second delivery").isEqualTo(first);
        assertThat(laufzettel.events(first.get(0))).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("REPEATED");
            assertThat(e.detail()).isEqualTo("channel=sftp file=" + name);
        });
    }

    @Test
    void withoutDoneFilesAFileIsTakenOnlyOnceItStoppedChanging() throws Exception {
        Path dir = SFTP_INTAKE.dir("readlock");
        String uuid = UUID.randomUUID().toString();
        String name = "slow-" + uuid + ".xml";
        put(dir, name, DemoMessages.antrag(uuid, "ags:sftp-4"), false);
        Thread.sleep(1_000); // younger than read-lock-min-age-ms (3 s)
        assertThat(dir.resolve(name)).exists();
        assertThat(ledger.findByNachrichtenUUID(uuid)).isEmpty();
        assertThat(awaitOne(uuid).portal()).isEqualTo("readlock-portal");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve(".done").resolve(name)));
    }

    private static void put(Path dir, String name, byte[] body, boolean doneFile) throws Exception {
        Files.write(dir.resolve(name), body);
        if (doneFile) {
            Files.write(dir.resolve(name + ".done"), new byte[0]);
        }
    }

    private Submission awaitOne(String uuid) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !ledger.findByNachrichtenUUID(uuid).isEmpty());
        List<Submission> found = ledger.findByNachrichtenUUID(uuid);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private String awaitReason(String name) throws Exception {
        Path error = outbox.resolve(".error");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error.resolve(name))
                && Files.exists(error.resolve(name + ".reason.txt")));
        return Files.readString(error.resolve(name + ".reason.txt"));
    }

    private static Path reasonFileStartingWith(Path dir, String start) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(start)
                    && f.getFileName().toString().endsWith(".reason.txt")).findFirst().orElse(null);
        }
    }

    /** The submissions whose Laufzettel begins with a file whose name starts with {@code start}. */
    private List<String> submissionsOfFile(String start) {
        return jdbc.sql("SELECT DISTINCT submission_id FROM laufzettel_event WHERE step = 'intake' "
                + "AND outcome = 'RECEIVED' AND detail LIKE ?").param("%channel=sftp file=" + start + "%")
                .query(String.class).list();
    }

    private List<String> submissionsWithContent(byte[] body) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return jdbc.sql("SELECT id FROM submission WHERE sha256 = ?").param(sha256).query(String.class).list();
    }

    private static String id(String reason) {
        return reason.lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);
    }

    private List<String> details(String id) {
        return laufzettel.events(id).stream().map(LaufzettelEvent::detail).toList();
    }
}
