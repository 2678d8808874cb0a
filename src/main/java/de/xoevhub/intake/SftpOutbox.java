package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import de.xoevhub.sftp.SftpEndpoint;
import de.xoevhub.intake.PortalProperties.SftpIntake;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Camel endpoints of a portal's SFTP outbox: the consumer that takes its files and the producer that writes
 * reason files into its {@code .error/} directory. Host keys are always checked.
 *
 * <p>The consumer streams each file ({@code streamDownload}), takes it only when it is complete (its done-file,
 * or a read lock on an unchanged size and time), records it in {@link TakenFiles} under the key
 * {@code <portal>/<name>/<size>/<last modified ms>}, and afterwards moves it to the directory the route names in
 * the header {@link SftpIntakeFiles#TARGET} ({@code .done} or {@code .error}). A file whose taking failed (broker
 * down, server gone) stays where it is and is tried again at a later poll. What fails after the taking (the move)
 * is logged by {@link SftpIntakeCompletionErrors}, without the file's name.
 */
record SftpOutbox(Portal portal) {

    String consumerUri() {
        SftpIntake s = portal.sftpIntake();
        StringBuilder uri = base(s.path())
                .append("&streamDownload=true&stepwise=false&autoCreate=false")
                .append("&delay=").append(s.delayMs())
                .append("&backoffErrorThreshold=3&backoffMultiplier=10")
                .append("&maxMessagesPerPoll=100")
                // one hub instance polls at a time (cluster lock); the database key still takes each file once
                .append("&pollStrategy=#singletonPoll")
                .append("&move=${header.").append(SftpIntakeFiles.TARGET).append("}/${file:name}")
                // a failed move (or done-file deletion) is logged without the file's name (no personal data in logs)
                .append("&onCompletionExceptionHandler=#sftpIntakeCompletionErrors")
                // the key as TakenFiles.key makes it: SftpIntakeFiles finds the file's row by it
                .append("&idempotent=true&idempotentRepository=#takenFiles")
                .append("&idempotentKey=").append(encode(portal.id())).append("/${file:name}/${file:size}/${file:modified}");
        if (s.doneFile()) {
            uri.append("&doneFileName=${file:name}.done&readLock=none");
        } else {
            uri.append("&readLock=changed&readLockMinAge=").append(s.readLockMinAgeMs())
                    .append("&readLockCheckInterval=1000&readLockTimeout=").append(s.readLockMinAgeMs() + 20_000)
                    .append("&readLockMinLength=0");
        }
        return uri.toString();
    }

    /** Writes the reason file ({@link IntakeFileName#reasonFile}) into the outbox's {@code .error/} directory. */
    String errorUri() {
        return base(portal.sftpIntake().path().replaceAll("/+$", "") + "/" + SftpIntakeFiles.ERROR)
                .append("&fileName=${header.").append(SftpIntakeFiles.REASON_FILE).append("}")
                .append("&fileExist=Override&autoCreate=true")
                .toString();
    }

    private StringBuilder base(String path) {
        SftpIntake s = portal.sftpIntake();
        return new SftpEndpoint("portal '" + portal.id() + "' sftp-intake", s.host(), s.port(), path, s.user(),
                s.knownHostsFile(), s.privateKeyFile(), s.passwordFile()).uri();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
