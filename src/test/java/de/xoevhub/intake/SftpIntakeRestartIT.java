package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.PortalPki;
import de.xoevhub.SftpTestServer;
import de.xoevhub.XoevHubApplication;
import de.xoevhub.tracking.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Intake across a hub restart: a file taken before the restart and put back unchanged (same name, size and time)
 * is not taken again by the restarted hub, while a new file is.
 */
class SftpIntakeRestartIT {

    private final Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-sftp-restart-");
    private final int vmId = 300_000 + (int) (Math.random() * 100_000);
    private final int sftpPort = HubIT.freePort();

    SftpIntakeRestartIT() throws Exception {
    }

    @Test
    void aFileTakenBeforeARestartIsNotTakenAgainAfterIt() throws Exception {
        SftpTestServer.prepare(dataDir.resolve("sftp-intake"), sftpPort);
        Path root = Files.createDirectories(dataDir.resolve("sftp-root"));
        Path outbox = Files.createDirectories(root.resolve("outbox"));
        Files.createDirectories(root.resolve("readlock"));
        String uuid = UUID.randomUUID().toString();
        String name = "restart-" + uuid + ".xml";
        try (SftpTestServer sftp = SftpTestServer.start(sftpPort, root)) {
            try (ConfigurableApplicationContext hub = start()) {
                put(outbox, name, DemoMessages.antrag(uuid, "ags:sftp-restart"));
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve(".done").resolve(name)));
                assertThat(hub.getBean(Ledger.class).findByNachrichtenUUID(uuid)).hasSize(1);
            }
            Files.copy(outbox.resolve(".done").resolve(name), outbox.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            Files.write(outbox.resolve(name + ".done"), new byte[0]);

            try (ConfigurableApplicationContext hub = start()) {
                String other = UUID.randomUUID().toString();
                put(outbox, "new-" + other + ".xml", DemoMessages.antrag(other, "ags:sftp-restart"));
                Ledger ledger = hub.getBean(Ledger.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> !ledger.findByNachrichtenUUID(other).isEmpty());
                Thread.sleep(1_000); // a few more polls
                assertThat(outbox.resolve(name)).as("not taken again").exists();
                assertThat(ledger.findByNachrichtenUUID(uuid)).hasSize(1);
            }
        }
    }

    private static void put(Path dir, String name, byte[] body) throws Exception {
        Files.write(dir.resolve(name), body);
        Files.write(dir.resolve(name + ".done"), new byte[0]);
    }

    private ConfigurableApplicationContext start() {
        PortalPki.writeTo(dataDir);
        return new SpringApplicationBuilder(XoevHubApplication.class).run(
                "--server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.broker.port=" + HubIT.freePort(),
                "--hub.broker.vm-id=" + vmId,
                "--hub.broker.name=xoev-hub-sftp-restart-" + vmId,
                "--hub.routing-file=src/test/resources/routing-it.yaml",
                "--hub.test.sftp-intake-port=" + sftpPort,
                "--camel.main.name=xoev-hub-sftp-restart",
                "--hub.cluster.name=sftp-restart-" + vmId);
    }
}
