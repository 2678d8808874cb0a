package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.HubIT;
import de.xoevhub.SftpTestServer;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingProperties.Seal;
import de.xoevhub.routing.RoutingProperties.Sftp;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reachability of SFTP destinations against a real SFTP server (Apache MINA SSHD): reachable while it runs,
 * unreachable with the reason when it does not, and a server that accepts but never answers costs no more than the
 * time limit. The health endpoint shows the last check without connecting.
 */
class SftpTargetsIT extends HubIT {

    @Autowired
    SftpTargets targets;

    @Test
    void aRunningServerIsReachableAndAStoppedOneIsNot() throws Exception {
        Destination dms = targets.destinations().stream().filter(d -> d.id().equals("dms-sftp")).findFirst()
                .orElseThrow();
        try (SftpTestServer sftp = SftpTestServer.start(SFTP_PORT, Files.createTempDirectory(DATA_DIR, "sftp-root-"))) {
            SftpTargets.Check up = targets.check(dms);
            assertThat(up.reachable()).as(String.valueOf(up.problem())).isTrue();
            targets.checkAll();
            JsonNode health = new ObjectMapper().readTree(get(null, "/actuator/health").body());
            assertThat(health.at("/components/sftpDestinations/details/dms-sftp/status").asText()).isEqualTo("UP");
        }
        SftpTargets.Check down = targets.check(dms);
        assertThat(down.reachable()).isFalse();
        assertThat(down.problem()).isNotBlank();
        targets.checkAll();
        JsonNode health = new ObjectMapper().readTree(get(null, "/actuator/health").body());
        assertThat(health.at("/components/sftpDestinations/status").asText()).isEqualTo("UNREACHABLE");
        assertThat(health.at("/components/sftpDestinations/details/dms-sftp/status").asText()).isEqualTo("UNREACHABLE");
        // outside the status order: the hub itself stays UP while a destination is away
        assertThat(health.at("/status").asText()).isEqualTo("UP");
    }

    @Test
    void aServerThatNeverAnswersCostsOnlyTheTimeLimit() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            Destination d = new Destination("silent", "demo", "sftp", Seal.off(), new Sftp("127.0.0.1",
                    silent.getLocalPort(), "/inbox", "hub", DATA_DIR.resolve("sftp/client.key"), null,
                    DATA_DIR.resolve("sftp/known_hosts"), false));
            long start = System.nanoTime();
            SftpTargets.Check check = targets.check(d);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(check.reachable()).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
