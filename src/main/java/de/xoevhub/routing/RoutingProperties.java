package de.xoevhub.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The routing table as data (config/routing.yaml): destinations, and rules that pick them. The rules must be given,
 * even as {@code rules: []}: a file without them (an empty file, a misspelt or mis-indented {@code rules:}) would
 * otherwise quarantine every message as UNROUTABLE without anyone having decided so.
 */
@Validated
@ConfigurationProperties(prefix = "hub.routing", ignoreUnknownFields = false)
public record RoutingProperties(@Valid List<Destination> destinations,
                                @NotNull(message = "must be set: the rules in order, or 'rules: []' to quarantine "
                                        + "every message as UNROUTABLE") @Valid List<Rule> rules) {

    public RoutingProperties {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        rules = rules == null ? null : List.copyOf(rules);
    }

    /**
     * Where messages go. A queue destination {@code x} is the Artemis address {@code fv.x}. How its copies are sealed
     * must be said explicitly, even when sealing is off.
     */
    public record Destination(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}", message = "must be lower-case letters, digits, '.', '_' or '-'") String id,
            @NotBlank String tenant,
            @Pattern(regexp = "queue|sftp|dms", message = "must be 'queue', 'sftp' or 'dms'") String type,
            @NotNull(message = "must be set: mode aes-256-gcm or aes-256-cbc with certificates, or mode off") @Valid Seal seal,
            @Valid Sftp sftp) {

        /** Delivered by SFTP upload: a plain file ({@code sftp}) or an xdomea package for a DMS ({@code dms}). */
        public boolean isSftp() {
            return "sftp".equals(type) || isDms();
        }

        /** An xdomea 3.0.0 package (Abgabe.Abgabe.0401) with the submission as Primärdokument, over SFTP. */
        public boolean isDms() {
            return "dms".equals(type);
        }
    }

    /**
     * A remote SFTP directory a destination's files are written to. Host keys are always checked against
     * {@code known-hosts-file}; the user authenticates with {@code private-key-file} or the password in
     * {@code password-file}. Files are written as {@code <hubMessageId>.p7m} (sealed) or {@code .xml} (seal off),
     * first under a temporary name and then renamed; {@code done-file} adds an empty {@code <name>.done} after.
     */
    public record Sftp(@NotBlank String host, Integer port,
                       @NotBlank @Pattern(regexp = "[^\\\\]+", message = "must be a directory path without backslashes") String path,
                       @NotBlank String user, Path privateKeyFile, Path passwordFile,
                       @NotNull(message = "must be set: host keys are always checked") Path knownHostsFile,
                       boolean doneFile) {

        public Sftp {
            port = port == null ? 22 : port;
        }
    }

    /**
     * How a destination's copies are sealed: signed by the hub and encrypted for every certificate (PEM or DER
     * files, e.g. the Fachverfahren and its backup), or {@code mode: off} for a trusted internal network.
     */
    public record Seal(
            @NotBlank @Pattern(regexp = "aes-256-gcm|aes-256-cbc|off", message = "must be aes-256-gcm, aes-256-cbc or off") String mode,
            List<@NotNull Path> certificates) {

        public Seal {
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }

        public static Seal off() {
            return new Seal("off", List.of());
        }
    }

    /**
     * A rule matches when every field it sets matches; unset fields match anything, but a set field never matches a
     * message that lacks it. A value ending in '*' is a prefix, so '*' alone is any value that is present. A '*'
     * elsewhere would be compared literally and the rule never match, so it is refused. The first matching rule
     * wins. The tenant is required and exact: a rule never routes one tenant's messages to another tenant's
     * destination.
     */
    public record Rule(@NotBlank String name,
                       @NotBlank @Pattern(regexp = "[^*]+", message = "must name one tenant exactly") String tenant,
                       @Pattern(regexp = MATCH, message = MATCH_MESSAGE) String standard,
                       @Pattern(regexp = MATCH, message = MATCH_MESSAGE) String version,
                       @Pattern(regexp = MATCH, message = MATCH_MESSAGE) String nachrichtentyp,
                       @Pattern(regexp = MATCH, message = MATCH_MESSAGE) String leser,
                       @Pattern(regexp = MATCH, message = MATCH_MESSAGE) String autor,
                       @NotEmpty List<@NotBlank String> destinations) {

        /** An exact value, or a prefix ending in the only '*'. */
        static final String MATCH = "[^*]*\\*?";
        static final String MATCH_MESSAGE = "'*' may only end the value: 'ags:09*' is a prefix, '*' any value that is "
                + "present";
    }
}
