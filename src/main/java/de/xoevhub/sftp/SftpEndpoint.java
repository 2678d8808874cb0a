package de.xoevhub.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection part of a Camel SFTP endpoint URI, the same for destinations and for portals' outboxes: host keys
 * always checked against the known_hosts file, a private key or the password from a file, binary transfers, time
 * limits. The caller appends its own options ({@code &...}).
 *
 * @param owner what the account belongs to, for error messages (e.g. "destination 'dms'")
 */
public record SftpEndpoint(String owner, String host, int port, String path, String user, Path knownHostsFile,
                           Path privateKeyFile, Path passwordFile) {

    /** {@code sftp://host:port/path?...} with the connection options. */
    public StringBuilder uri() {
        StringBuilder uri = new StringBuilder("sftp://").append(host).append(':').append(port)
                .append('/').append(loginRelative(path))
                .append("?username=").append(encode(user))
                .append("&knownHostsFile=").append(encode(knownHostsFile.toAbsolutePath().toString()))
                .append("&strictHostKeyChecking=yes&useUserKnownHostsFile=false&binary=true")
                .append("&connectTimeout=10000&soTimeout=30000&timeout=30000");
        if (privateKeyFile != null) {
            uri.append("&privateKeyFile=").append(encode(privateKeyFile.toAbsolutePath().toString()));
        } else {
            uri.append("&password=RAW(").append(password()).append(')');
        }
        return uri;
    }

    /** The same account, another directory (e.g. the outbox's {@code .error/}). */
    public SftpEndpoint in(String otherPath) {
        return new SftpEndpoint(owner, host, port, otherPath, user, knownHostsFile, privateKeyFile, passwordFile);
    }

    /**
     * SFTP paths in Camel are relative to the login directory (for a chrooted account: the chroot), whatever they
     * start with; Camel drops a leading '/' with a warning. Say so here instead: {@code /inbox} and {@code inbox}
     * are the same directory.
     */
    static String loginRelative(String path) {
        return path.replaceFirst("^/+", "");
    }

    private String password() {
        if (passwordFile == null) {
            throw new IllegalStateException(owner + ": set a private-key-file or a password-file");
        }
        try {
            return Files.readAllLines(passwordFile).get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot read the password-file", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
