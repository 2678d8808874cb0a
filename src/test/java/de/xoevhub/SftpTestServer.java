package de.xoevhub;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A real SFTP server in the test JVM (Apache MINA SSHD) standing in for a DMS inbox. Its host key and the hub's
 * client key are made once per test JVM; {@link #prepare} writes the client key and a known_hosts file where
 * routing-it.yaml expects them, before the hub starts.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "hub";
    /**
     * A second account, with the same key: a portal's outbox needs an account of its own (PortalProperties). Both see
     * the same file system here; a real server chroots each to its outbox.
     */
    public static final String SECOND_USER = "hub-readlock";
    private static final KeyPair HOST = generate("EC");
    private static final KeyPair CLIENT = generate("RSA");

    private final SshServer sshd;
    private final Path root;

    private SftpTestServer(SshServer sshd, Path root) {
        this.sshd = sshd;
        this.root = root;
    }

    /** Writes {@code dir/client.key} and {@code dir/known_hosts} for a server on 127.0.0.1:{@code port}. */
    public static void prepare(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            StringWriter key = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(key)) {
                w.writeObject(CLIENT.getPrivate());
            }
            Files.writeString(dir.resolve("client.key"), key.toString());
            Files.writeString(dir.resolve("known_hosts"),
                    "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(HOST.getPublic()) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server on the port; its file system is {@code root} (the DMS inbox is {@code root/inbox}). */
    public static SftpTestServer start(int port, Path root) throws IOException {
        Files.createDirectories(root.resolve("inbox"));
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(HOST));
        sshd.setPublickeyAuthenticator((user, presented, session) ->
                (USER.equals(user) || SECOND_USER.equals(user)) && KeyUtils.compareKeys(presented, CLIENT.getPublic()));
        sshd.setPasswordAuthenticator(null);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return new SftpTestServer(sshd, root);
    }

    /** A directory in the server's file system, e.g. {@code outbox}. */
    public Path dir(String name) {
        return root.resolve(name);
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private static KeyPair generate(String type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (type.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
