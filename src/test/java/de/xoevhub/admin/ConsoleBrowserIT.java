package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Debian's chromium, driven by playwright-core from Node
 * (src/test/browser/console.spec.mjs), against the running hub. It logs in, reads the dashboard, finds a delivered
 * message and its Laufzettel, replays and discards quarantined messages with a reason, and finds both in the audit
 * log. Screenshots go to target/console-screenshots. Skips, saying why, where chromium, node or playwright-core
 * (scripts/install-test-peers.sh) is missing.
 */
class ConsoleBrowserIT extends HubIT {

    private static final Path SPEC = Path.of("src/test/browser/console.spec.mjs");
    private static final Path PLAYWRIGHT = Path.of("src/test/browser/node_modules/playwright-core");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAdminWorksThroughTheConsoleInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + " (apt-get install chromium)");
        Optional<Path> node = onPath("node");
        assumeTrue(node.isPresent(), "node is not installed (apt-get install nodejs npm)");
        assumeTrue(Files.isDirectory(PLAYWRIGHT), "playwright-core is not installed in src/test/browser "
                + "(scripts/install-test-peers.sh runs npm install there)");

        String uuid = UUID.randomUUID().toString();
        String delivered = accept(DemoMessages.antrag(uuid, "ags:1"));
        awaitState(DEMO_TOKEN, delivered, "DELIVERED");
        String toReplay = quarantined();
        String toDiscard = quarantined();

        Path shots = Path.of("target/console-screenshots").toAbsolutePath();
        // localhost, not 127.0.0.1: browsers keep a Secure cookie from http only for localhost
        Process p = new ProcessBuilder(node.get().toString(), SPEC.toString(), "http://localhost:" + port, uuid,
                toReplay, toDiscard, shots.toString()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("== browser test (chromium, playwright-core)\n" + output);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the browser test ended within 180 s").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        awaitState(OTHER_TOKEN, toDiscard, "DISCARDED");
        // tenant "other" has no route, so the replayed message is back in the quarantine, its Laufzettel says why
        var replayed = awaitState(OTHER_TOKEN, toReplay, "QUARANTINED");
        assertThat(replayed.get("laufzettel").toString()).contains("REPLAYED", "routing fixed, browser test");
    }

    private String quarantined() throws Exception {
        var response = post(OTHER_TOKEN, "application/xml", DemoMessages.antrag(UUID.randomUUID().toString(), "ags:1"));
        String id = json.readTree(response.body()).get("id").asText();
        awaitState(OTHER_TOKEN, id, "QUARANTINED");
        return id;
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
