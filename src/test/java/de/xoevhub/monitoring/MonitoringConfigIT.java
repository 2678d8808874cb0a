package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring configuration in config/monitoring fits the hub: every metric the Grafana dashboard queries is in
 * the hub's /actuator/prometheus after a delivered message, Prometheus scrapes the actuator of every hub of
 * docker-compose.yml, and Grafana's provisioning (data source, dashboard) is where docker-compose.yml mounts it.
 */
class MonitoringConfigIT extends HubIT {

    private static final Path MONITORING = Path.of("config/monitoring");
    /** Metric names as the dashboard writes them; anything else in an expression is PromQL. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:xoevhub|camel|jvm|http_server|process|hikaricp|system)_[a-zA-Z0-9_]+)");

    @Test
    void everyMetricOfTheGrafanaDashboardIsScrapedFromTheHub() throws Exception {
        awaitState(DEMO_TOKEN, accept(DemoMessages.antrag()), "DELIVERED");
        String scrape = get(null, "/actuator/prometheus").body();
        JsonNode dashboard = new ObjectMapper().readTree(
                MONITORING.resolve("grafana/dashboards/xoev-hub.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("xoev-hub");

        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        dashboard.at("/templating/list").forEach(v -> expressions.add(v.get("definition").asText()));
        assertThat(expressions).hasSizeGreaterThan(20);
        TreeSet<String> missing = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            assertThat(m.find()).as("a metric in " + expr).isTrue();
            do {
                if (!Pattern.compile("(?m)^" + Pattern.quote(m.group(1)) + "[{ ]").matcher(scrape).find()) {
                    missing.add(m.group(1));
                }
            } while (m.find());
        }
        assertThat(missing).as("metrics the dashboard queries but the hub does not export").isEmpty();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("id").isInt()).isTrue();
            assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheActuatorOfEveryHubAndComposeMountsWhatExists() throws Exception {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(MONITORING.resolve("prometheus.yml")));
        var job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(get(null, "/actuator/prometheus").statusCode()).isEqualTo(200);
        var targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");

        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        var services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("prometheus", "grafana");
        List<String> hubs = services.keySet().stream().filter(s -> s.startsWith("hub")).toList();
        assertThat(targets).as("every hub of docker-compose.yml is scraped")
                .containsExactlyInAnyOrderElementsOf(hubs.stream().map(h -> h + ":8080").toList());
        for (String service : List.of("prometheus", "grafana")) {
            for (Object volume : (List<Object>) services.get(service).get("volumes")) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(service + " mounts " + source).exists();
                }
            }
        }
        // docker-compose.yml mounts config/monitoring/grafana as Grafana's provisioning directory
        Path grafana = MONITORING.resolve("grafana");
        Map<String, Object> datasources = new Yaml().load(
                Files.readString(grafana.resolve("datasources/prometheus.yml")));
        var datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(datasource.get("uid")).isEqualTo("prometheus");
        Map<String, Object> providers = new Yaml().load(Files.readString(grafana.resolve("dashboards/xoev-hub.yml")));
        var provider = ((List<Map<String, Object>>) providers.get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path"))
                .isEqualTo("/etc/grafana/provisioning/dashboards");
        assertThat(grafana.resolve("dashboards/xoev-hub.json")).exists();
    }
}
