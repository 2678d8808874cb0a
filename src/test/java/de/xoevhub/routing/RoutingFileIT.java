package de.xoevhub.routing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.XoevHubApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The hub does not start without its routing table: a misspelt hub.routing-file, or a start from another working
 * directory, would otherwise give a hub that quarantines every message as UNROUTABLE. Nor with a code its YAML
 * reads as a number: the rule would never match.
 */
class RoutingFileIT {

    @Test
    void aMissingRoutingFileStopsTheStartNamingThePath() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-routing-file-");
        Path missing = dir.resolve("routnig.yaml");
        assertThatThrownBy(() -> new SpringApplicationBuilder(XoevHubApplication.class).run("--server.port=0",
                "--hub.data-dir=" + dir.resolve("hub"), "--hub.broker.embedded=false",
                "--hub.routing-file=" + missing).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.routing-file")
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void anUnquotedCodeStopsTheStartNamingTheRuleAndLine() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hub-routing-file-");
        Path routing = Files.writeString(dir.resolve("routing.yaml"), """
                hub:
                  routing:
                    destinations:
                      - id: demo
                        tenant: demo
                        type: queue
                        seal:
                          mode: "off"
                    rules:
                      - name: antraege
                        tenant: demo
                        nachrichtentyp: 0001
                        destinations: [demo]
                """);
        assertThatThrownBy(() -> new SpringApplicationBuilder(XoevHubApplication.class).run("--server.port=0",
                "--hub.data-dir=" + dir.resolve("hub"), "--hub.broker.embedded=false",
                "--hub.routing-file=" + routing).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in quotes")
                .hasMessageContaining("hub.routing.rules[0].nachrichtentyp = 1 (")
                .hasMessageContaining(routing.getFileName() + "] - 12:");
    }
}
