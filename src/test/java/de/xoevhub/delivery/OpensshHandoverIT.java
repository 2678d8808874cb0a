package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.OpensshServer;
import de.xoevhub.seal.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Delivery to an SFTP destination served by Debian's OpenSSH ({@code /usr/sbin/sshd} with internal-sftp), a server
 * written by others than the Apache MINA SSHD of SftpHandoverIT, in its own process: the destination dms-openssh of
 * routing-it.yaml, host keys checked against a known_hosts file, public key login. The sealed copy arrives under
 * {@code <hubMessageId>.p7m}, renamed from its temporary name, with its done-file; an upload while sshd is down is
 * retried and arrives once it runs again.
 */
class OpensshHandoverIT extends HubIT {

    private static final Path CONFIG = DATA_DIR.resolve("openssh");
    /** The destination's directory on the real file system: /inbox in sshd's chroot ${hub.data-dir}/openssh-root. */
    private static final Path INBOX = DATA_DIR.resolve("openssh-root").resolve("inbox");

    @Autowired
    EmbeddedActiveMQ embedded;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void sshdIsThere() throws Exception {
        String reason = OpensshServer.unavailable();
        assumeTrue(reason == null, reason);
        Files.createDirectories(INBOX);
    }

    @Test
    void sealedCopyIsRenamedIntoPlaceWithADoneFileAndOpensslOpensIt() throws Exception {
        try (OpensshServer sshd = OpensshServer.start(CONFIG, OPENSSH_PORT)) {
            byte[] body = DemoMessages.antrag(UUID.randomUUID().toString(), "openssh:dms-1");
            String id = accept(body);
            var status = awaitState(DEMO_TOKEN, id, "DELIVERED");
            assertThat(status.get("laufzettel").findValuesAsText("detail").toString())
                    .as(sshd.log()).contains("destination=dms-openssh").contains(id + ".p7m");

            assertThat(names(INBOX)).filteredOn(n -> n.startsWith(id))
                    .containsExactlyInAnyOrder(id + ".p7m", id + ".p7m.done");
            assertThat(names(INBOX)).as("no temporary file left").noneMatch(n -> n.endsWith(".part"));
            Path pki = DATA_DIR.resolve("pki");
            assertThat(Openssl.unseal(INBOX.resolve(id + ".p7m"), pki.resolve("demo-recipient.crt"),
                    pki.resolve("demo-recipient.key"), pki.resolve("ca.crt"), Files.createTempDirectory(DATA_DIR, "o-")))
                    .isEqualTo(body);
            assertThat(sshd.log()).as("the upload went through Debian's sshd")
                    .contains("Accepted publickey for " + OpensshServer.USER);
        }
    }

    @Test
    void sshdThatIsDownIsRetriedAndTheCopyArrivesWhenItRunsAgain() throws Exception {
        String queue = "hub.handover.dms-openssh";
        SftpHandoverIT.slowRetries(embedded, queue);
        try {
            String id = accept(DemoMessages.antrag(UUID.randomUUID().toString(), "openssh:dms-2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(id).contains("RETRY"));
            assertThat(status(DEMO_TOKEN, id).get("state").asText()).isEqualTo("ROUTED");
            assertThat(names(INBOX)).noneMatch(n -> n.startsWith(id));

            try (OpensshServer sshd = OpensshServer.start(CONFIG, OPENSSH_PORT)) {
                awaitState(DEMO_TOKEN, id, "DELIVERED");
                assertThat(names(INBOX)).filteredOn(n -> n.startsWith(id)).as(sshd.log())
                        .containsExactlyInAnyOrder(id + ".p7m", id + ".p7m.done");
            }
        } finally {
            embedded.getActiveMQServer().getAddressSettingsRepository().removeMatch(queue);
        }
    }

    private List<String> outcomes(String id) throws Exception {
        return status(DEMO_TOKEN, id).get("laufzettel").findValuesAsText("outcome");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
