package de.xoevhub;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Debian's OpenSSH server ({@code /usr/sbin/sshd}) as an independent SFTP destination: started by the test in the
 * foreground on a loopback port, with its own config file, host key, authorized_keys and pid file in a directory of
 * the test's. No system configuration is read or changed (as root, sshd needs its privilege separation directory
 * {@code /run/sshd}; it is created if missing, as the Debian service would).
 *
 * <p>{@link #prepare} writes everything before the hub starts: the hub's client key and known_hosts (for
 * routing-it.yaml) and sshd's files. The keys are made here, per test JVM; none is committed.
 */
public final class OpensshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** The user the hub logs in as: the one running the tests (root in CI, hence PermitRootLogin). */
    public static final String USER = System.getProperty("user.name");

    private final Process process;
    private final Path log;

    private OpensshServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Why sshd cannot run here, or null if it can. */
    public static String unavailable() {
        if (!Files.isExecutable(SSHD)) {
            return SSHD + " is not installed (Debian package openssh-server; scripts/install-test-peers.sh installs it as root)";
        }
        if (!isRoot()) {
            return "sshd must run as root to chroot the hub's SFTP account, as a DMS would; these tests run as "
                    + USER;
        }
        return null;
    }

    /**
     * Writes, under {@code dir}: {@code client.key} and {@code known_hosts} for the hub, sshd's {@code host.key},
     * {@code authorized_keys} and {@code sshd_config} for 127.0.0.1:{@code port}.
     */
    public static void prepare(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            // RSA: its PEM form (PKCS#1) carries the whole key, which sshd reads; a bare SEC1 EC key it does not
            KeyPair host = generate("RSA");
            KeyPair client = generate("RSA");
            writePrivate(dir.resolve("client.key"), client);
            writePrivate(dir.resolve("host.key"), host);
            Files.writeString(dir.resolve("known_hosts"),
                    "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
            Files.writeString(dir.resolve("authorized_keys"), PublicKeyEntry.toString(client.getPublic()) + "\n");
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host.key").toAbsolutePath(),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys").toAbsolutePath(),
                    "PidFile " + dir.resolve("sshd.pid").toAbsolutePath(),
                    "AllowUsers " + USER,
                    "PermitRootLogin prohibit-password",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "Subsystem sftp internal-sftp",
                    // as a DMS would: the hub's account sees only its SFTP directory (root-owned, not group-writable)
                    "ChrootDirectory " + dir.resolveSibling("openssh-root").toAbsolutePath(),
                    "ForceCommand internal-sftp",
                    ""));
            Files.createDirectories(dir.resolveSibling("openssh-root").resolve("inbox"));
            Files.createDirectories(dir.resolveSibling("openssh-root").resolve("outbox"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts sshd with the config {@link #prepare} wrote in {@code dir}, and waits until it accepts connections. */
    public static OpensshServer start(Path dir, int port) throws IOException, InterruptedException {
        if (isRoot()) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        Path log = dir.resolve("sshd.log");
        Process p = new ProcessBuilder(SSHD.toString(), "-f", dir.resolve("sshd_config").toAbsolutePath().toString(),
                "-D", "-e").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        OpensshServer server = new OpensshServer(p, log);
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited with " + p.exitValue() + ": " + server.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("sshd does not listen on 127.0.0.1:" + port + ": " + server.log());
    }

    /** What sshd wrote to stderr (-e), for failure messages. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops sshd (and with -D its connections' children die with the listener's session). */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean isRoot() {
        return "root".equals(USER);
    }

    private static void writePrivate(Path file, KeyPair pair) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(pair.getPrivate());
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem.toString());
    }

    private static KeyPair generate(String type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
