package de.xoevhub.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The portals allowed to post submissions. Only the SHA-256 of each bearer token is configured, never the token.
 */
@Validated
@ConfigurationProperties("hub")
public record PortalProperties(@Valid List<Portal> portals) {

    /**
     * A portal's id keys its submissions (a portal sees only its own, dedupe is per portal) and its token identifies
     * it: two portals with one id would see each other's submissions, two with one token would be one portal. Either
     * stops the start, and so do two SFTP outboxes polled with one account (same host, port and user): the hub
     * refuses symbolic links by the listing's attributes, but downloads by path, so over a shared account one portal
     * could swap its file for a link to the other's between the two, and hand in the other's submission as its own.
     * SFTP v3 offers no way to open a listed file race-free; only separate, chrooted accounts keep outboxes apart.
     */
    public PortalProperties {
        portals = portals == null ? List.of() : List.copyOf(portals);
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        Map<String, String> outboxAccounts = new HashMap<>();
        for (Portal p : portals) {
            if (p.id() != null && !ids.add(p.id())) {
                throw new IllegalArgumentException("hub.portals: two portals have the id '" + p.id() + "'");
            }
            if (p.tokenSha256() != null && !tokens.add(p.tokenSha256())) {
                throw new IllegalArgumentException("hub.portals: portal '" + p.id() + "' has the token of another "
                        + "portal (the same token-sha256); each portal needs its own token");
            }
            SftpIntake outbox = p.sftpIntake();
            if (outbox != null && outbox.host() != null && outbox.user() != null) {
                String account = outbox.user() + "@" + outbox.host().toLowerCase(Locale.ROOT) + ":" + outbox.port();
                String first = outboxAccounts.putIfAbsent(account, p.id());
                if (first != null) {
                    throw new IllegalArgumentException("hub.portals: portals '" + first + "' and '" + p.id()
                            + "' poll their SFTP outboxes with the same account " + account + "; give each portal an "
                            + "account of its own, chrooted to its outbox (docs/sftp-intake.md)");
                }
            }
        }
    }

    /**
     * A portal: its id, the tenant (Mandant) it belongs to, the hex SHA-256 of its bearer token, what its CMS
     * signatures must chain to, and optionally a callback URL for status notices.
     *
     * @param trustAnchors     PEM files with the CA certificates the portal's signing certificates chain to
     * @param crls             PEM or DER CRL files; when given, revocation is checked and every CA of a chain
     *                         needs a current CRL here
     * @param requireSignature refuse every submission of this portal that is not CMS-signed
     * @param callbackUrl      where status notices go (http or https); optional
     * @param callbackSecret   the key of the notices' HMAC; set it from the environment
     * @param sftpIntake       a remote SFTP directory the hub polls for this portal's files; optional
     */
    public record Portal(@NotBlank String id, @NotBlank String tenant,
                         @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
                         String tokenSha256, List<Path> trustAnchors, List<Path> crls, boolean requireSignature,
                         URI callbackUrl, String callbackSecret, @Valid SftpIntake sftpIntake) {

        public Portal {
            trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
            crls = crls == null ? List.of() : List.copyOf(crls);
        }
    }

    /**
     * A remote SFTP directory (a portal's or Landesportal's outbox) the hub polls. Host keys are always checked
     * against {@code known-hosts-file}; the user authenticates with {@code private-key-file} or the password in
     * {@code password-file}. With {@code done-file} a file is taken only once {@code <name>.done} exists; without,
     * only once its size and modification time stayed unchanged for {@code read-lock-min-age-ms}.
     *
     * @param delayMs             pause between two polls (default 5000)
     * @param readLockMinAgeMs    without done-file: the age a file must have before it is taken (default 10000)
     */
    public record SftpIntake(@NotBlank String host, Integer port,
                             @NotBlank @Pattern(regexp = "[^\\\\]+", message = "must be a directory path without backslashes") String path,
                             @NotBlank String user, Path privateKeyFile, Path passwordFile,
                             @NotNull(message = "must be set: host keys are always checked") Path knownHostsFile,
                             boolean doneFile, Long delayMs, Long readLockMinAgeMs) {

        public SftpIntake {
            port = port == null ? 22 : port;
            delayMs = delayMs == null ? 5000L : delayMs;
            readLockMinAgeMs = readLockMinAgeMs == null ? 10_000L : readLockMinAgeMs;
        }
    }
}
