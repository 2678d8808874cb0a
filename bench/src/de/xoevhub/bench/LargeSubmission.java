package de.xoevhub.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * One large submission end to end (issue "Seal", streaming), driven as a portal and a Fachverfahren would:
 * <ol>
 * <li>{@code generate <file> <MiB>}: writes a valid demo message with {@code <MiB>} of Base64 attachments;</li>
 * <li>{@code submit <file> <baseUrl> <brokerUrl> <out>}: posts it (streamed, fixed length; {@code -Dcontent.type},
 * default {@code application/xml}, e.g. {@code application/pkcs7-mime} for a signed file), waits for DELIVERED while
 * sampling the hub's heap from its Prometheus endpoint, then receives the sealed copy from {@code fv.demo} with the
 * Artemis JMS client, streamed to {@code <out>} ({@code JMS_AMQ_SaveStream}).</li>
 * </ol>
 * The script checks the copy with openssl; this class only moves bytes and prints figures.
 */
public final class LargeSubmission {

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)$",
            Pattern.MULTILINE);
    private static final Pattern LIVE = Pattern.compile("^jvm_gc_live_data_size_bytes(?:\\{[^}]*})? ([0-9.E+]+)$",
            Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        if (args[0].equals("generate")) {
            generate(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            submit(Path.of(args[1]), args[2], args[3], Path.of(args[4]));
        }
    }

    static void generate(Path file, int mebibytes) throws IOException {
        String head = Files.readString(Path.of("schemas/demo/samples/antrag.xml"))
                .replace("3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23", UUID.randomUUID().toString());
        int split = head.indexOf("    </antragsteller>") + "    </antragsteller>\n".length();
        byte[] chunk = new byte[192 * 1024]; // 256 KiB of Base64 per attachment
        new Random(42).nextBytes(chunk);
        String attachment = "    <anlage dateiname=\"scan.bin\" mimeType=\"application/octet-stream\">"
                + Base64.getEncoder().encodeToString(chunk) + "</anlage>\n";
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(head, 0, split);
            for (long written = 0; written < (long) mebibytes << 20; written += attachment.length()) {
                out.write(attachment);
            }
            out.write(head, split, head.length() - split);
        }
    }

    static void submit(Path file, String baseUrl, String brokerUrl, Path out) throws Exception {
        long size = Files.size(file);
        HeapSampler heap = new HeapSampler(baseUrl);
        heap.start();
        long t0 = System.nanoTime();
        HttpURLConnection post = (HttpURLConnection) URI.create(baseUrl + "/api/v1/submissions").toURL().openConnection();
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setFixedLengthStreamingMode(size);
        post.setRequestProperty("Authorization", "Bearer demo-portal-token");
        post.setRequestProperty("Content-Type", System.getProperty("content.type", "application/xml"));
        try (OutputStream body = post.getOutputStream()) {
            Files.copy(file, body);
        }
        int status = post.getResponseCode();
        String receipt = new String((status < 400 ? post.getInputStream() : post.getErrorStream()).readAllBytes(),
                StandardCharsets.UTF_8);
        long accepted = System.nanoTime();
        System.out.printf("POST %d MiB: HTTP %d after %.1f s: %s%n", size >> 20, status, (accepted - t0) / 1e9, receipt);
        if (status != 202) {
            System.exit(2);
        }
        String id = field(receipt, "id");
        String state = "";
        HttpClient http = HttpClient.newHttpClient();
        while (!state.equals("DELIVERED") && System.nanoTime() - accepted < 900e9) {
            Thread.sleep(500);
            String view = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/submissions/" + id))
                    .header("Authorization", "Bearer demo-portal-token").build(), HttpResponse.BodyHandlers.ofString()).body();
            state = field(view, "state");
            if (state.equals("FAILED") || state.equals("REJECTED") || state.equals("QUARANTINED")) {
                System.out.println("state " + state + ": " + view);
                System.exit(3);
            }
        }
        long delivered = System.nanoTime();
        System.out.printf("DELIVERED after %.1f s (accept %.1f s + pipeline %.1f s)%n", (delivered - t0) / 1e9,
                (accepted - t0) / 1e9, (delivered - accepted) / 1e9);
        heap.interrupt();
        heap.join();
        System.out.printf("hub heap, peaks of samples every 200 ms: used (with garbage not yet collected) %.1f MiB,"
                + " live data after GC %.1f MiB (%d samples)%n", heap.peak / (1 << 20), heap.live / (1 << 20), heap.samples);
        double seconds = (delivered - t0) / 1e9;
        double bare = Long.getLong("bare.ms", 0) / 1e3;
        System.out.printf("hub throughput: %.1f MiB/s end to end; bare baseline (one synced copy): %.1f MiB/s;"
                + " hub = %.1f %% of bare%n", size / 1048576.0 / seconds, size / 1048576.0 / bare, 100 * bare / seconds);

        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(brokerUrl);
        try (Connection c = cf.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("fv.demo"),
                    "hubMessageId = '" + id + "'");
            BytesMessage m = (BytesMessage) consumer.receive(60_000);
            if (m == null) {
                System.out.println("nothing on fv.demo for " + id);
                System.exit(4);
            }
            try (OutputStream copy = new BufferedOutputStream(Files.newOutputStream(out))) {
                m.setObjectProperty("JMS_AMQ_SaveStream", copy);
            }
            System.out.printf("received %s from fv.demo: %d bytes, hubSeal=%s, large message=%s%n", id, Files.size(out),
                    m.getStringProperty("hubSeal"), m.propertyExists("_AMQ_LARGE_SIZE"));
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    /** Samples the hub's used heap from /actuator/prometheus. */
    static final class HeapSampler extends Thread {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI uri;
        double peak;
        double live;
        int samples;

        HeapSampler(String baseUrl) {
            this.uri = URI.create(baseUrl + "/actuator/prometheus");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    String text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                    double used = 0;
                    for (Matcher m = HEAP.matcher(text); m.find(); ) {
                        used += Double.parseDouble(m.group(1));
                    }
                    peak = Math.max(peak, used);
                    Matcher l = LIVE.matcher(text);
                    if (l.find()) {
                        live = Math.max(live, Double.parseDouble(l.group(1)));
                    }
                    samples++;
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the hub is busy; try again
                }
            }
        }
    }

    private LargeSubmission() {
    }
}
