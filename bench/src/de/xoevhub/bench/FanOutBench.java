package de.xoevhub.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Fan-out to one queue plus one SFTP destination (issue "handover"): the hub runs as its own process from the jar,
 * every message goes sealed to fv.fanout-queue and, through hub.handover.dms, to an SFTP server in this JVM (Apache
 * MINA SSHD). Phase 1 posts at a fixed rate with the SFTP server up and reports the end-to-end rate (both copies
 * delivered). Phase 2 stops the SFTP server, posts at the same rate for the outage, starts the server again and
 * reports how fast the backlog of uploads drains, as a multiple of the arrival rate (goal: at least 1.5).
 *
 * <p>Usage: FanOutBench --jar J --work DIR --rate R --seconds S --outage-seconds O
 */
public final class FanOutBench {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, "jar", "work", "rate", "seconds", "outage-seconds", "http-port", "broker-port",
                "sftp-port");
        Path work = Path.of(args.text("work", "/tmp/xoev-fanout"));
        int rate = args.number("rate", 100);
        int seconds = args.number("seconds", 30);
        int outage = args.number("outage-seconds", 60);
        int httpPort = args.number("http-port", 18090);
        int brokerPort = args.number("broker-port", 61726);
        int sftpPort = args.number("sftp-port", 18022);
        Path root = work.resolve("sftp-root");
        Files.createDirectories(root.resolve("inbox"));
        KeyPair host = generate("EC");
        KeyPair client = generate("RSA");
        Path routing = prepare(work, sftpPort, host, client);

        Process hub = startHub(args.text("jar", "target/xoev-hub-0.1.0-SNAPSHOT.jar"), work, routing, httpPort, brokerPort);
        SshServer sftp = sftp(sftpPort, root, host, client);
        try (DeliveryCounter queue = new DeliveryCounter("tcp://127.0.0.1:" + brokerPort, "fv.fanout-queue")) {
            PlainHttp http = new PlainHttp(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/submissions"),
                    "Authorization", "Bearer demo-portal-token", "Content-Type", "application/xml");
            DemoMessages demo = new DemoMessages(Path.of("schemas/demo/samples/antrag.xml"), 4096);
            LoadRunner.Operation post = () -> http.post(demo.next()) == 202;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);

            // warm-up and phase 1: SFTP up
            new LoadRunner("warm-up", 8, 0, () -> "").run(500, post, deadline);
            awaitUploads(root, 500, deadline);
            long n1 = (long) rate * seconds;
            long q0 = queue.delivered();
            long t0 = System.nanoTime();
            LoadRunner.Run run1 = new LoadRunner("steady", 16, rate, () -> ", uploaded " + uploads(root)).run(n1, post,
                    deadline);
            queue.awaitDelivered(q0 + run1.ok(), deadline);
            long done1 = awaitUploads(root, 500 + run1.ok(), deadline);
            double e2e = run1.ok() / ((done1 - t0) / 1e9);
            new Figures("fanout-accept", run1.ok(), run1.errors(), run1.nanos(), run1.latencyMicros()).print(System.out);
            System.out.printf("fanout e2e: %d messages, both copies delivered at %.1f msg/s (arrival rate %d/s)%n",
                    run1.ok(), e2e, rate);

            // phase 2: the SFTP server is down for the outage, arrivals go on
            sftp.stop(true);
            long before = 500 + run1.ok();
            long n2 = (long) rate * outage;
            LoadRunner.Run run2 = new LoadRunner("outage", 16, rate, () -> ", uploaded " + uploads(root)).run(n2, post,
                    deadline);
            long backlog = before + run2.ok() - uploads(root);
            sftp = sftp(sftpPort, root, host, client);
            long up = System.nanoTime();
            long drained = awaitUploads(root, before + run2.ok(), deadline);
            double drain = backlog / ((drained - up) / 1e9);
            System.out.printf("outage %d s at %d msg/s: %d uploads waiting when the server came back, drained in %.1f s"
                            + " = %.1f msg/s = %.2f x the arrival rate (goal >= 1.5)%n", outage, rate, backlog,
                    (drained - up) / 1e9, drain, drain / rate);
        } finally {
            sftp.stop(true);
            hub.destroy();
            hub.waitFor(60, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static long awaitUploads(Path root, long target, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            if (uploads(root) >= target) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("only " + uploads(root) + " of " + target + " uploads in time");
    }

    private static long uploads(Path root) {
        try (Stream<Path> files = Files.list(root.resolve("inbox"))) {
            return files.filter(p -> p.toString().endsWith(".p7m")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path prepare(Path work, int sftpPort, KeyPair host, KeyPair client) throws IOException {
        StringWriter key = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(key)) {
            w.writeObject(client.getPrivate());
        }
        Files.writeString(work.resolve("client.key"), key.toString());
        Files.writeString(work.resolve("known_hosts"),
                "[127.0.0.1]:" + sftpPort + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
        Path routing = work.resolve("routing-fanout.yaml");
        Files.writeString(routing, """
                hub:
                  routing:
                    destinations:
                      - id: fanout-queue
                        tenant: demo
                        type: queue
                        seal: {mode: aes-256-gcm, certificates: ["${hub.data-dir}/pki/demo-recipient.crt"]}
                      - id: dms
                        tenant: demo
                        type: sftp
                        seal: {mode: aes-256-gcm, certificates: ["${hub.data-dir}/pki/demo-recipient.crt"]}
                        sftp: {host: 127.0.0.1, port: %d, path: /inbox, user: hub, private-key-file: %s,
                               known-hosts-file: %s}
                    rules:
                      - name: fan-out
                        tenant: demo
                        destinations: [fanout-queue, dms]
                """.formatted(sftpPort, work.resolve("client.key"), work.resolve("known_hosts")));
        return routing;
    }

    private static Process startHub(String jar, Path work, Path routing, int httpPort, int brokerPort) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar, "--server.address=127.0.0.1",
                "--server.port=" + httpPort, "--hub.broker.port=" + brokerPort, "--hub.broker.vm-id=11",
                "--hub.data-dir=" + work.resolve("hub-data"), "--hub.routing-file=" + routing,
                // bounded backoff, so the drain shows capacity rather than the longest scheduled redelivery
                "--hub.broker.max-delivery-attempts=1000", "--hub.broker.redelivery-delay-ms=500",
                "--hub.broker.max-redelivery-delay-ms=5000"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("hub.log").toFile()).start();
        for (int i = 0; i < 240; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the hub exited; see " + work.resolve("hub.log"));
            }
            try {
                var c = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort
                        + "/actuator/health/readiness").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the hub was not ready in 120 s");
    }

    private static SshServer sftp(int port, Path root, KeyPair host, KeyPair client) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(host));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        // like OpenSSH, answer small SFTP packets at once (MINA's default leaves Nagle on)
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.start();
        return sshd;
    }

    private static KeyPair generate(String type) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(type);
        if (type.equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }
}
