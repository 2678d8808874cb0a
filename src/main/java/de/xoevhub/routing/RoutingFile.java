package de.xoevhub.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The file the routing table is read from: {@code hub.routing-file}, by default {@code config/routing.yaml} relative
 * to the working directory. Without it the hub would start with no rules and quarantine every message as
 * UNROUTABLE, so a misspelt path or a start from another directory stops the start instead, naming the path looked
 * for. application.yaml imports the file as optional only so that this check, run right after the configuration is
 * read, reports it in these words rather than Spring's advice to make the import optional.
 */
public class RoutingFile implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "hub.routing-file";
    /** The same default as application.yaml's {@code spring.config.import}. */
    static final String DEFAULT = "config/routing.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment.getProperty(PROPERTY, DEFAULT));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    /** Stops the start unless {@code configured} names a readable file. */
    static void check(String configured) {
        Path file = Path.of(configured).toAbsolutePath().normalize();
        String problem = !Files.exists(file) ? "does not exist"
                : Files.isDirectory(file) ? "is a directory, not a file"
                : !Files.isReadable(file) ? "cannot be read by this process" : null;
        if (problem == null) {
            return;
        }
        String relative = Path.of(configured).isAbsolute() ? ""
                : " ('" + configured + "' relative to the working directory " + Path.of("").toAbsolutePath() + ")";
        throw new IllegalStateException(PROPERTY + ": the routing table " + file + " " + problem + relative
                + ". Set " + PROPERTY + " to the routing table's path, or start the hub in the directory that holds "
                + DEFAULT + ". The hub does not start without its routing table: it would quarantine every message.");
    }
}
