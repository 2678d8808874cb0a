package de.xoevhub;

import static de.xoevhub.ServerCost.HTTP_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.Openssl;
import de.xoevhub.seal.PemFiles;
import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.LaufzettelEvent;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The hostile input corpus of issue 7, one test per class, each through the channel a hostile peer would use
 * (HTTP intake, SFTP intake, the broker). Each case asserts its specific refusal, at most {@value #BUDGET_MS} ms of
 * hub-side time, and at most 16 MiB of "extra heap", read as: bytes allocated by the hub's threads during the case
 * ({@link ServerCost}; an upper bound of what it held, as everything held was allocated first). Time is the client's
 * round trip on loopback, except where the client paces itself (slow-loris: from the last byte sent to the answer)
 * and for SFTP (first to last Laufzettel event of the file, written by the hub). After every case the hub is ready
 * and accepts a normal submission. docs/hostile-inputs.md lists the corpus.
 */
class HostileCorpusIT extends HubIT {

    static final long BUDGET_MS = 1_000;
    static final long HEAP_BUDGET = 16L * 1024 * 1024;
    /** 10x the pipeline's 8 consumers. */
    static final int BURST = 80;
    /** Camel's SFTP intake consumers and JSch's session threads. */
    private static final java.util.function.Predicate<String> SFTP_THREADS =
            name -> name.contains("sftp://") || name.startsWith("Connect thread");
    /** Camel's consumers of hub.inbox. */
    private static final java.util.function.Predicate<String> INBOX_THREADS = name -> name.contains("hub.inbox");
    private static final String BOUNDARY = "hostile-corpus-boundary-5c1e";
    private static final String PROBLEM = "urn:xoev-hub:problem:";
    private static Path work;
    private static boolean warm;
    private static String current;

    private final ObjectMapper json = new ObjectMapper();
    private final Path outbox = SFTP_INTAKE.dir("outbox");

    @Autowired
    Laufzettel laufzettel;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @BeforeAll
    static void signer() throws Exception {
        work = Files.createDirectories(DATA_DIR.resolve("hostile-corpus"));
        Issued signer = PortalPki.ca().issue("corpus signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30));
        PemFiles.write(work.resolve("signer.crt"), signer.certificate());
        PemFiles.write(work.resolve("signer.key"), signer.keys().getPrivate());
    }

    /**
     * The first request of each path costs class loading and first-use initialisation that no later request pays:
     * one accepted and one refused submission over each channel before the first case, so the cases measure what a
     * hostile input costs a running hub.
     */
    @BeforeEach
    void warmUp(org.junit.jupiter.api.TestInfo test) throws Exception {
        current = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?");
        if (warm) {
            return;
        }
        accept(DemoMessages.antrag());
        postXml("<not-well-formed".getBytes(StandardCharsets.UTF_8));
        String name = "warm-" + UUID.randomUUID() + ".xml";
        Files.write(outbox.resolve(name), DemoMessages.antrag());
        Files.write(outbox.resolve(name + ".done"), new byte[0]);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve(".done").resolve(name)));
        String refused = "warm-" + UUID.randomUUID() + ".xml";
        Files.write(outbox.resolve(refused), new byte[] {'<'});
        Files.write(outbox.resolve(refused + ".done"), new byte[0]);
        awaitReason(refused);
        warm = true;
    }

    @AfterEach
    void hubStaysHealthyAndAcceptsANormalSubmission() throws Exception {
        HttpResponse<String> readiness = get(null, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
        assertThat(postXml(DemoMessages.antrag()).statusCode()).isEqualTo(202);
    }

    // --- XML: entities and DTDs ---

    @Test
    void xxeExternalFile() throws Exception {
        String body = doctype("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "&xxe;");
        JsonNode problem = refusedXml(body, 400, "doctype-forbidden");
        assertThat(problem.toString()).doesNotContain("root:x:0:0");
    }

    @Test
    void xxeParameterEntity() throws Exception {
        refusedXml(doctype("<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;", "x"), 400, "doctype-forbidden");
    }

    @Test
    void xxeOutOfBand() throws Exception {
        try (ServerSocket attacker = new ServerSocket(0)) {
            attacker.setSoTimeout(300);
            String dtd = "<!ENTITY % remote SYSTEM \"http://127.0.0.1:" + attacker.getLocalPort() + "/x.dtd\"> %remote;"
                    + "<!ENTITY % data SYSTEM \"file:///etc/hostname\">";
            refusedXml(doctype(dtd, "&send;"), 400, "doctype-forbidden");
            assertThat(accepted(attacker)).as("the hub never called out").isFalse();
        }
    }

    @Test
    void billionLaughs() throws Exception {
        StringBuilder dtd = new StringBuilder("<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        refusedXml(doctype(dtd.toString(), "&lol9;"), 400, "doctype-forbidden");
    }

    @Test
    void quadraticBlowup() throws Exception {
        // one 50,000-character entity referenced 50,000 times: 2.5 GB of text once expanded
        String body = doctype("<!ENTITY a \"" + "a".repeat(50_000) + "\">", "&a;".repeat(50_000));
        refusedXml(body, 400, "doctype-forbidden");
    }

    // --- XML: structure ---

    @Test
    void deepNesting() throws Exception {
        int depth = 100_000;
        JsonNode problem = refusedXml(root("<a>".repeat(depth) + "</a>".repeat(depth)), 400, "xml-limit-exceeded");
        assertThat(problem.get("detail").asText()).contains("256");
    }

    @Test
    void attributeFlood() throws Exception {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            attributes.append(" a").append(i).append("=\"x\"");
        }
        String body = DemoMessages.sample().replace("test=\"true\"", "test=\"true\"" + attributes);
        refusedXml(body, 400, "xml-limit-exceeded");
    }

    @Test
    void siblingFlood() throws Exception {
        // 200,000 siblings where the schema allows at most 10: the report stops at 100 violations
        String sibling = "<antragsteller><familienname>M</familienname><vorname>E</vorname>"
                + "<geburtsdatum>1980-01-01</geburtsdatum></antragsteller>";
        String body = withinAntrag(sibling.repeat(20_000) + "<x/>".repeat(180_000));
        JsonNode problem = refusedXml(body, 422, "schema-invalid");
        assertThat(problem.get("violations").size()).isLessThanOrEqualTo(100);
    }

    @Test
    void hugeElementName() throws Exception {
        refusedXml(withinAntrag("<" + "n".repeat(100_000) + "/>"), 400, "xml-limit-exceeded");
    }

    @Test
    void hugeTextNode() throws Exception {
        // 8 MiB of text in an element of a simple type (xs:date): past the spool threshold and the text limit
        // (hub.schemas.max-text-size, 1 MiB), refused before the validator has collected more than that
        String body = DemoMessages.sample().replace("1980-01-01", "1".repeat(8 * 1024 * 1024));
        JsonNode problem = refusedXml(body, 400, "xml-limit-exceeded");
        assertThat(problem.get("detail").asText()).contains("geburtsdatum");
    }

    @Test
    void namespaceExplosion() throws Exception {
        StringBuilder declarations = new StringBuilder();
        // 10,000 namespaces, 40 times the attribute limit (20,000 allocated ~19 MB: see docs/hostile-inputs.md)
        for (int i = 0; i < 10_000; i++) {
            declarations.append(" xmlns:p").append(i).append("=\"urn:x:").append(i).append('"');
        }
        String body = DemoMessages.sample().replace("test=\"true\"", "test=\"true\"" + declarations);
        refusedXml(body, 400, "xml-limit-exceeded");
    }

    // --- XML: bytes ---

    @Test
    void malformedUtf8() throws Exception {
        byte[] broken = DemoMessages.antrag();
        int at = new String(broken, StandardCharsets.UTF_8).indexOf("Mustermann");
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28; // 0xC3 must be followed by a continuation byte
        JsonNode problem = refused(HTTP_THREADS, () -> postXml(broken), 400, "malformed-xml");
        assertThat(problem.get("detail").asText()).containsIgnoringCase("UTF-8");
    }

    @Test
    void byteOrderMarkThatLies() throws Exception {
        // a UTF-16LE byte order mark in front of UTF-8 bytes
        byte[] xml = DemoMessages.antrag();
        byte[] body = new byte[xml.length + 2];
        body[0] = (byte) 0xFF;
        body[1] = (byte) 0xFE;
        System.arraycopy(xml, 0, body, 2, xml.length);
        refused(HTTP_THREADS, () -> postXml(body), 400, "malformed-xml");
    }

    @Test
    void nulByte() throws Exception {
        byte[] body = DemoMessages.antrag();
        body[new String(body, StandardCharsets.UTF_8).indexOf("Erika")] = 0;
        refused(HTTP_THREADS, () -> postXml(body), 400, "malformed-xml");
    }

    // --- HTTP framing ---

    @Test
    void slowLoris() throws Exception {
        // 30 connections drip their headers; meanwhile a normal submission is served at once
        List<Socket> dripping = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: "
                        .getBytes(StandardCharsets.US_ASCII));
                dripping.add(s);
            }
            long start = System.nanoTime();
            assertThat(postXml(DemoMessages.antrag()).statusCode()).isEqualTo(202);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(BUDGET_MS));
        } finally {
            for (Socket s : dripping) {
                s.close();
            }
        }
        // a body dripped over 2 s: the hub answers within the budget after the last byte
        byte[] body = DemoMessages.antrag();
        body[body.length - 3] = '!'; // no longer well-formed
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            var measured = ServerCost.of(HTTP_THREADS, () -> {
                out.write(head("Content-Length: " + body.length));
                int slice = body.length / 10;
                for (int i = 0; i < 10; i++) {
                    if (i > 0) {
                        Thread.sleep(200);
                    }
                    out.write(body, i * slice, i == 9 ? body.length - 9 * slice : slice);
                    out.flush();
                }
                long lastByte = System.nanoTime();
                String response = readResponse(socket.getInputStream());
                return List.of(response, Duration.ofNanos(System.nanoTime() - lastByte));
            });
            String response = (String) measured.result().get(0);
            System.out.printf("hostile-corpus: %s %s after the last byte, %d KiB allocated by the hub%n", current,
                    measured.result().get(1), measured.allocatedBytes() / 1024);
            assertThat(response).startsWith("HTTP/1.1 400").contains(PROBLEM + "malformed-xml");
            assertThat((Duration) measured.result().get(1)).isLessThan(Duration.ofMillis(BUDGET_MS));
            assertThat(measured.allocatedBytes()).as(measured.top()).isLessThan(HEAP_BUDGET);
        }
    }

    @Test
    void truncatedUpload() throws Exception {
        byte[] body = DemoMessages.antrag();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var measured = ServerCost.of(HTTP_THREADS, () -> {
                OutputStream out = socket.getOutputStream();
                out.write(head("Content-Length: " + (body.length + 5_000)));
                out.write(body);
                out.flush();
                socket.shutdownOutput(); // the connection ends 5,000 bytes early
                return readResponse(socket.getInputStream());
            });
            assertThat(measured.result()).startsWith("HTTP/1.1 400").contains(PROBLEM + "body-incomplete");
            assertFast(measured);
        }
    }

    @Test
    void contentLengthLie() throws Exception {
        // declares 100 bytes and sends the whole message: the hub reads 100 bytes, a truncated document
        byte[] body = DemoMessages.antrag();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var measured = ServerCost.of(HTTP_THREADS, () -> {
                OutputStream out = socket.getOutputStream();
                out.write(head("Content-Length: 100"));
                out.write(body);
                out.flush();
                return readResponse(socket.getInputStream());
            });
            assertThat(measured.result()).startsWith("HTTP/1.1 400").contains(PROBLEM + "malformed-xml");
            assertFast(measured);
        }
        // both Content-Length and chunked (request smuggling): refused by the connector
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: 5\r\nTransfer-Encoding: chunked"));
            out.write("5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void oversizedBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var measured = ServerCost.of(HTTP_THREADS, () -> {
                OutputStream out = socket.getOutputStream();
                out.write(head("Content-Length: " + 200L * 1024 * 1024)); // limit: 64 MiB
                out.write(new byte[64 * 1024]);
                out.flush();
                return readResponse(socket.getInputStream());
            });
            assertThat(measured.result()).startsWith("HTTP/1.1 413").contains(PROBLEM + "payload-too-large");
            assertFast(measured);
        }
    }

    // --- schema ---

    @Test
    void patternRedos() throws Exception {
        // a referenzUUID (xs:pattern) of 64 KiB of hex digits and dashes that fails at its end: a pattern that
        // backtracks exponentially would never finish; large values as such are hugeTextNode's class
        String value = "0123456789abcdef-".repeat(4 * 1024) + "!";
        String body = DemoMessages.sample().replace("</identifikation.nachricht>",
                "</identifikation.nachricht>").replace("</autor>", "</autor><referenzUUID>" + value + "</referenzUUID>");
        refusedXml(body, 422, "schema-invalid");
    }

    // --- signatures, identity ---

    @Test
    void signatureWrappingAndDuplicateIds() throws Exception {
        // a valid signature over one message, wrapped around another of the same length
        String uuid = UUID.randomUUID().toString();
        Path xml = Files.write(work.resolve(uuid + ".xml"), DemoMessages.antrag(uuid, "ags:09000009"));
        byte[] signed = Files.readAllBytes(Openssl.sign(xml, work.resolve(uuid + ".p7m"), work.resolve("signer.crt"),
                work.resolve("signer.key"), "sha256"));
        String text = new String(signed, StandardCharsets.ISO_8859_1).replace("Wohngeld", "Baugeld!");
        byte[] wrapped = text.getBytes(StandardCharsets.ISO_8859_1);
        refused(HTTP_THREADS, () -> post(DEMO_TOKEN, "application/pkcs7-mime", wrapped), 422, "signature-invalid");

        // two Nachrichtenkoepfe: the router must never read one while the validator checks the other
        String sample = new String(DemoMessages.antrag(), StandardCharsets.UTF_8);
        int from = sample.indexOf("<nachrichtenkopf.g2g>");
        int to = sample.indexOf("</nachrichtenkopf.g2g>") + "</nachrichtenkopf.g2g>".length();
        String second = sample.substring(from, to).replace("ags:09000009", "ags:evil");
        refusedXml(sample.substring(0, to) + second + sample.substring(to), 422, "schema-invalid");

        // the same attribute twice
        refusedXml(DemoMessages.sample().replace("test=\"true\"", "test=\"true\" test=\"false\""), 400,
                "malformed-xml");
    }

    @Test
    void replayedNachrichtenUuid() throws Exception {
        String uuid = UUID.randomUUID().toString();
        byte[] original = DemoMessages.antrag(uuid, "ags:09000009");
        String id = accept(original);
        var repeat = postXml(original);
        assertThat(repeat.statusCode()).as("the same bytes: the original receipt").isEqualTo(200);
        assertThat(json.readTree(repeat.body()).get("id").asText()).isEqualTo(id);

        JsonNode problem = refused(HTTP_THREADS, () -> postXml(DemoMessages.antrag(uuid, "ags:other")), 409,
                "nachrichtenuuid-conflict");
        assertThat(problem.get("id").asText()).as("names the original").isEqualTo(id);
    }

    @Test
    void hostileCms() throws Exception {
        // BER indefinite-length nesting bomb
        byte[] bomb = new byte[2 * 50_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x30;
            bomb[i + 1] = (byte) 0x80;
        }
        refused(HTTP_THREADS, () -> post(DEMO_TOKEN, "application/pkcs7-mime", bomb), 422, "cms-malformed");
        // a SEQUENCE claiming 2 GiB
        byte[] liar = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06, 0x09};
        refused(HTTP_THREADS, () -> post(DEMO_TOKEN, "application/pkcs7-mime", liar), 422, "cms-malformed");
    }

    // --- attachments ---

    @Test
    void zipBombAttachment() throws Exception {
        // 1 GiB of zeros in a 1 MiB ZIP: the hub never inflates attachments; a nested multipart is refused
        byte[] bomb = zipOfZeros(1024L * 1024 * 1024);
        byte[] body = multipart(DemoMessages.antrag(), "bomb.zip", "application/zip", null, bomb);
        var measured = ServerCost.of(HTTP_THREADS,
                () -> post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, body));
        assertThat(measured.result().statusCode()).as("opaque, stored as sent").isEqualTo(202);
        assertFast(measured);
        // the body itself gzip-compressed with Content-Encoding: never inflated, read as the bytes they are
        byte[] gzipped = gzipOfZeros(256L * 1024 * 1024);
        refused(HTTP_THREADS, () -> new PortalClient(port).post(DEMO_TOKEN, "application/xml", gzipped), 400,
                "malformed-xml");
    }

    @Test
    void base64BombInline() throws Exception {
        // 12 MiB of base64 in an xs:base64Binary anlage element, broken at the end: checked while it streams
        String anlage = "<anlage dateiname=\"a.bin\" mimeType=\"application/octet-stream\">"
                + "AAAA".repeat(3 * 1024 * 1024) + "!</anlage>";
        refusedXml(DemoMessages.sample().replace("</antragsteller>", "</antragsteller>" + anlage), 422,
                "schema-invalid");
    }

    @Test
    void base64BombAttachment() throws Exception {
        // a multipart attachment declared base64 (64 MiB once decoded, if anyone did): the hub never decodes
        // attachments, it stores the part's bytes as sent; this one also names a path, which decides
        byte[] body = multipart(DemoMessages.antrag(), "../b64.bin", "application/octet-stream", "base64",
                "AAAA".repeat(256 * 1024).getBytes(StandardCharsets.US_ASCII));
        refused(HTTP_THREADS, () -> post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, body), 422,
                "attachment-name-refused");
    }

    @Test
    void multipartWithoutFraming() throws Exception {
        // 16 MiB bodies the MIME parser held 3 to 16 times over on the heap (and a flood of empty parts it spent
        // minutes on): no delimiter line (one line; short lines), headers that never end, 100,000s of parts.
        // The framing is checked first, in one pass through a small buffer
        int size = 16 * 1024 * 1024;
        String first = "--" + BOUNDARY + "\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n";
        assertThat(refusedMultipart(filled("", "x", size), 400, "multipart-malformed").get("detail").asText())
                .contains("no delimiter line --" + BOUNDARY + " within the first 65536 bytes");
        assertThat(refusedMultipart(filled("", "a short line\r\n", size), 400, "multipart-malformed")
                .get("detail").asText()).contains("no delimiter line");
        assertThat(refusedMultipart(filled(first + "--" + BOUNDARY + "\r\n", "X-Filler: abc\r\n", size), 400,
                "multipart-malformed").get("detail").asText())
                .contains("the headers of part 2 do not end with a blank line within 16384 bytes");
        assertThat(refusedMultipart(filled(first, "--" + BOUNDARY + "\r\n\r\n\r\n", size), 422,
                "too-many-attachments").get("detail").asText()).contains("more than 100 attachments");
    }

    // --- SFTP intake ---

    @Test
    void sftpTraversalName() throws Exception {
        String name = "up..dir-" + UUID.randomUUID() + ".xml";
        refusedFile(name, DemoMessages.antrag(), "file-name-refused");
    }

    @Test
    void sftpZeroByteFile() throws Exception {
        refusedFile("empty-" + UUID.randomUUID() + ".xml", new byte[0], "malformed-xml");
    }

    @Test
    void sftpSymlink() throws Exception {
        String name = "link-" + UUID.randomUUID() + ".xml";
        Files.createSymbolicLink(outbox.resolve(name), Path.of("/etc/passwd"));
        var measured = ServerCost.of(SFTP_THREADS, () -> {
            Files.write(outbox.resolve(name + ".done"), new byte[0]);
            return awaitReason(name);
        });
        String reason = measured.result();
        assertThat(reason).contains(PROBLEM + "file-name-refused").contains("symbolic link");
        assertThat(measured.allocatedBytes()).as(measured.top()).isLessThan(HEAP_BUDGET);
        assertHubTime(id(reason));
    }

    // --- broker, load ---

    @Test
    void poisonMessageReachesTheDlqWithoutBlockingItsQueue() throws Exception {
        String poisonId = "poison-" + UUID.randomUUID();
        try (Connection c = broker.createConnection();
             QueueProbe dlq = new QueueProbe(broker, "hub.dlq", "hubMessageId = '" + poisonId + "'")) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("hub.inbox"));
            var poison = session.createBytesMessage();
            poison.writeBytes(new byte[] {0, 1, 2, 3, (byte) 0xff}); // no XML, no intake headers
            poison.setStringProperty("hubMessageId", poisonId);
            var measured = ServerCost.of(INBOX_THREADS, () -> {
                producer.send(poison);
                // a normal submission right behind it is delivered while the poison is retried
                String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09000009"));
                try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + id + "'")) {
                    assertThat(fv.receive(15_000)).as("not blocked by the poison").isNotNull();
                }
                return dlq.receive(15_000);
            });
            System.out.printf("hostile-corpus: %s %d ms, %d KiB allocated by the hub %s%n", current,
                    measured.took().toMillis(), measured.allocatedBytes() / 1024, measured.top());
            assertThat(measured.result()).as("dead-lettered").isNotNull();
            assertThat(measured.result().property("_AMQ_ORIG_ADDRESS")).isEqualTo("hub.inbox");
            // 3 attempts (HubIT) with 100 + 200 ms redelivery delay on top of the budget
            assertThat(measured.took()).isLessThan(Duration.ofMillis(BUDGET_MS + 300));
            assertThat(measured.allocatedBytes()).as(measured.top()).isLessThan(HEAP_BUDGET);
        }
    }

    @Test
    void tenfoldBurstGets503NotAnOutOfMemory() throws Exception {
        // The heap still live after a burst is no usable measure in a JVM shared with the broker, H2 and the other
        // tests: between full GCs it moved by up to 200 MB either way. What is bounded instead is what each request
        // allocates on its Tomcat thread (the corpus' measure), and that nothing but 202, 429 or 503 comes back.
        // HubIT sets hub.intake.max-buffered-size=8MB, so the burst must meet the intake's budget and be turned away
        // in part with 503 intake-busy (and Retry-After), quickly, while everything accepted is delivered.
        var measured = ServerCost.of(HTTP_THREADS, this::burst);
        long perRequest = measured.allocatedBytes() / BURST;
        int accepted = measured.result();
        System.out.printf("hostile-corpus: burst of %d, %d accepted, %d refused, %d KiB allocated per request%n",
                BURST, accepted, BURST - accepted, perRequest / 1024);
        assertThat(accepted).as("accepted of the burst").isPositive().isLessThan(BURST);
        assertThat(perRequest).as("bytes allocated per request of the burst").isLessThan(HEAP_BUDGET);
    }

    /** 10x the pipeline's 8 consumers at once, bodies just under the spool threshold (held in memory). */
    private int burst() throws Exception {
        int clients = BURST;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            bodies.add(DemoMessages.large(UUID.randomUUID().toString(), "ags:09000009", 900 * 1024));
        }
        List<String> accepted = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<ServerCost.Measured<HttpResponse<String>>>> answers = new ArrayList<>();
            for (byte[] body : bodies) {
                answers.add(pool.submit(() -> ServerCost.of(name -> false, () -> new PortalClient(port).postXml(body))));
            }
            for (var f : answers) {
                var answer = f.get();
                int status = answer.result().statusCode();
                assertThat(status).as(answer.result().body()).isIn(202, 503);
                if (status == 202) {
                    accepted.add(json.readTree(answer.result().body()).get("id").asText());
                } else {
                    assertThat(answer.took()).as("refused fast").isLessThan(Duration.ofMillis(BUDGET_MS));
                    assertThat(json.readTree(answer.result().body()).get("type").asText())
                            .isEqualTo(PROBLEM + "intake-busy");
                    assertThat(answer.result().headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : accepted) {
            awaitState(DEMO_TOKEN, id, "DELIVERED");
        }
        // the copies for the Fachverfahren are held by the broker until consumed
        drain("fv.demo");
        return accepted.size();
    }

    private void drain(String queue) throws Exception {
        try (QueueProbe probe = new QueueProbe(broker, queue, null)) {
            probe.drain(500);
        }
    }

    // --- helpers ---

    private JsonNode refusedXml(String body, int status, String type) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return refused(HTTP_THREADS, () -> postXml(bytes), status, type);
    }

    private JsonNode refused(java.util.function.Predicate<String> threads,
                             java.util.concurrent.Callable<HttpResponse<String>> call, int status, String type)
            throws Exception {
        var measured = ServerCost.of(threads, call);
        HttpResponse<String> response = measured.result();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(PROBLEM + type);
        assertFast(measured);
        return problem;
    }

    private JsonNode refusedMultipart(byte[] body, int status, String type) throws Exception {
        return refused(HTTP_THREADS, () -> post(DEMO_TOKEN, "multipart/mixed; boundary=" + BOUNDARY, body), status,
                type);
    }

    /** {@code head}, then {@code unit} repeated up to {@code size} bytes. */
    private static byte[] filled(String head, String unit, int size) {
        StringBuilder body = new StringBuilder(size + unit.length()).append(head);
        while (body.length() < size) {
            body.append(unit);
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertFast(ServerCost.Measured<?> measured) {
        System.out.printf("hostile-corpus: %s %d ms, %d KiB allocated by the hub %s%n", current,
                measured.took().toMillis(), measured.allocatedBytes() / 1024, measured.top());
        assertThat(measured.took()).as("time").isLessThan(Duration.ofMillis(BUDGET_MS));
        assertThat(measured.allocatedBytes()).as("bytes allocated by the hub " + measured.top()).isLessThan(HEAP_BUDGET);
    }

    private void refusedFile(String name, byte[] body, String type) throws Exception {
        Files.write(outbox.resolve(name), body);
        var measured = ServerCost.of(SFTP_THREADS, () -> {
            Files.write(outbox.resolve(name + ".done"), new byte[0]);
            return awaitReason(name);
        });
        System.out.printf("hostile-corpus: %s %d KiB allocated by the hub %s%n", current,
                measured.allocatedBytes() / 1024, measured.top());
        assertThat(measured.result()).contains(PROBLEM + type);
        assertThat(measured.allocatedBytes()).as(measured.top()).isLessThan(HEAP_BUDGET);
        assertHubTime(id(measured.result()));
    }

    /** The hub's own time for an SFTP file: from its first to its last Laufzettel event. */
    private void assertHubTime(String id) {
        List<LaufzettelEvent> events = laufzettel.events(id);
        assertThat(events).isNotEmpty();
        Duration took = Duration.between(events.get(0).at(), events.get(events.size() - 1).at());
        System.out.printf("hostile-corpus: %s %d ms by the Laufzettel%n", current, took.toMillis());
        assertThat(took).isLessThan(Duration.ofMillis(BUDGET_MS));
    }

    private String awaitReason(String name) throws IOException {
        Path error = outbox.resolve(".error");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error.resolve(name + ".reason.txt")));
        return Files.readString(error.resolve(name + ".reason.txt"));
    }

    private static String id(String reason) {
        return reason.lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);
    }

    private static String doctype(String internalSubset, String leistung) {
        String sample = DemoMessages.sample();
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE demo:demo.antrag.0001 [" + internalSubset + "]>\n"
                + sample.substring(sample.indexOf("<demo:")).replace("<leistung>Wohngeld</leistung>",
                "<leistung>" + leistung + "</leistung>");
    }

    private static String root(String content) {
        return "<demo:demo.antrag.0001 xmlns:demo=\"urn:xoevhub:demo:1\" standard=\"XoevHubDemo\" version=\"1.0\">"
                + content + "</demo:demo.antrag.0001>";
    }

    private static String withinAntrag(String content) {
        return new String(DemoMessages.antrag(), StandardCharsets.UTF_8).replace("</antrag>", content + "</antrag>");
    }

    private byte[] head(String framing) {
        return ("POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + DEMO_TOKEN
                + "\r\nContent-Type: application/xml\r\nConnection: close\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the response until the server closes or 64 KiB came. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; response.size() < 65536 && (n = in.read(buffer)) != -1; ) {
                response.write(buffer, 0, n);
                String text = response.toString(StandardCharsets.ISO_8859_1);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd > 0 && text.contains("}") && text.trim().endsWith("}")) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // the server may close after answering; what came is the answer
        }
        return response.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean accepted(ServerSocket socket) {
        try (Socket ignored = socket.accept()) {
            return true;
        } catch (IOException timeout) {
            return false;
        }
    }

    private static byte[] multipart(byte[] message, String name, String type, String encoding, byte[] attachment)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        out.write(("\r\n--" + BOUNDARY + "\r\nContent-Type: " + type + "\r\nContent-Disposition: attachment; filename=\""
                + name + "\"\r\n" + (encoding == null ? "" : "Content-Transfer-Encoding: " + encoding + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(attachment);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] zipOfZeros(long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return bytes.toByteArray();
    }

}
