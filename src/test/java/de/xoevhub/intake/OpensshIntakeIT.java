package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.OpensshServer;
import de.xoevhub.QueueProbe;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The SFTP intake against Debian's OpenSSH ({@code /usr/sbin/sshd}, internal-sftp, a chrooted account as a
 * Landesportal's outbox would have), a server written by others than the MINA SSHD of SftpIntakeIT: a small and a
 * large file (streamed through the spool) are taken, delivered whole and moved to .done/; a traversal name goes to
 * .error/ with its reason.
 */
class OpensshIntakeIT extends HubIT {

    private static final Path OUTBOX = DATA_DIR.resolve("openssh-root").resolve("outbox");

    @Autowired
    Ledger ledger;

    @Autowired
    @Qualifier("brokerConnectionFactory")
    ActiveMQConnectionFactory broker;

    @BeforeEach
    void sshdIsThere() {
        String reason = OpensshServer.unavailable();
        assumeTrue(reason == null, reason);
    }

    @Test
    void filesFromDebiansSshdAreTakenDeliveredWholeAndMovedToDone() throws Exception {
        try (OpensshServer sshd = OpensshServer.start(DATA_DIR.resolve("openssh"), OPENSSH_PORT)) {
            String small = UUID.randomUUID().toString();
            String large = UUID.randomUUID().toString();
            byte[] smallBody = DemoMessages.antrag(small, "ags:openssh-1");
            byte[] largeBody = DemoMessages.large(large, "ags:openssh-2", 3 << 20);
            put("antrag-" + small + ".xml", smallBody);
            put("large-" + large + ".xml", largeBody);

            for (var expected : List.of(new Object[] {small, smallBody}, new Object[] {large, largeBody})) {
                Submission s = awaitOne((String) expected[0]);
                assertThat(s.portal()).isEqualTo("openssh-portal");
                try (QueueProbe fv = new QueueProbe(broker, "fv.demo", "hubMessageId = '" + s.id() + "'")) {
                    QueueProbe.Received delivered = fv.receive(20_000);
                    assertThat(delivered).as("delivered to fv.demo").isNotNull();
                    assertThat(delivered.body()).isEqualTo((byte[]) expected[1]);
                }
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(OUTBOX.resolve(".done"))
                    .isDirectoryContaining(p -> p.getFileName().toString().equals("large-" + large + ".xml")));
            assertThat(OUTBOX.resolve("antrag-" + small + ".xml")).doesNotExist();
            assertThat(sshd.log()).as("taken through Debian's sshd").contains("Accepted publickey for " + OpensshServer.USER);
        }
    }

    @Test
    void aTraversalNameGoesToErrorWithItsReason() throws Exception {
        try (OpensshServer sshd = OpensshServer.start(DATA_DIR.resolve("openssh"), OPENSSH_PORT)) {
            String name = "up..dir-" + UUID.randomUUID() + ".xml";
            put(name, DemoMessages.antrag());
            Path reason = OUTBOX.resolve(".error").resolve(name + ".reason.txt");
            Path moved = OUTBOX.resolve(".error").resolve(name);
            // The reason is written by the route, the file is moved when the poll's exchange completes: a moment later.
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(reason) && Files.exists(moved));
            assertThat(Files.readString(reason)).contains("urn:xoev-hub:problem:file-name-refused");
            assertThat(OUTBOX.resolve(name)).doesNotExist();
        }
    }

    private static void put(String name, byte[] body) throws Exception {
        Files.write(OUTBOX.resolve(name), body);
        Files.write(OUTBOX.resolve(name + ".done"), new byte[0]);
    }

    private Submission awaitOne(String uuid) {
        await().atMost(Duration.ofSeconds(40)).until(() -> !ledger.findByNachrichtenUUID(uuid).isEmpty());
        List<Submission> found = ledger.findByNachrichtenUUID(uuid);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
