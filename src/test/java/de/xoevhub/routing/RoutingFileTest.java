package de.xoevhub.routing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingFileTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileStopsTheStartNamingItsAbsolutePath() {
        Path missing = dir.resolve("routnig.yaml");
        assertThatThrownBy(() -> RoutingFile.check(missing.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.routing-file")
                .hasMessageContaining(missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void aRelativePathIsReportedWithTheWorkingDirectoryItWasResolvedAgainst() {
        assertThatThrownBy(() -> RoutingFile.check("elsewhere/routing.yaml"))
                .hasMessageContaining(Path.of("elsewhere/routing.yaml").toAbsolutePath().toString())
                .hasMessageContaining("relative to the working directory " + Path.of("").toAbsolutePath());
    }

    @Test
    void aDirectoryIsNotARoutingTable() {
        assertThatThrownBy(() -> RoutingFile.check(dir.toString()))
                .hasMessageContaining(dir.toAbsolutePath() + " is a directory");
    }

    @Test
    void anExistingFileIsAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("routing.yaml"), "hub:\n  routing:\n    rules: []\n");
        assertThatCode(() -> RoutingFile.check(file.toString())).doesNotThrowAnyException();
    }

    @Test
    void theDefaultIsTheRepositorysRoutingTable() {
        // tests, ./mvnw spring-boot:run, bench/ and scripts/topology.sh start the hub in the repository's root
        assertThatCode(() -> RoutingFile.check(RoutingFile.DEFAULT)).doesNotThrowAnyException();
    }
}
