package de.xoevhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every routes/*.camel.yaml loads, declares one route whose id is its file name, and that route is started. */
class RouteFilesSmokeIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileIsLoadedAndStarted() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (String file : files) {
            String id = file.substring(0, file.length() - ".camel.yaml".length());
            if (camel.getRoute(id) == null && ((org.apache.camel.model.ModelCamelContext) camel)
                    .getRouteTemplateDefinition(id) != null) {
                continue; // a route template: its routes are made from configuration (e.g. one per SFTP destination)
            }
            assertThat(camel.getRoute(id)).as("route %s from %s", id, file).isNotNull();
            assertThat(camel.getRoute(id).getDescription()).as("description of %s", id).isNotBlank();
            assertThat(camel.getRouteController().getRouteStatus(id)).isEqualTo(ServiceStatus.Started);
        }
    }
}
