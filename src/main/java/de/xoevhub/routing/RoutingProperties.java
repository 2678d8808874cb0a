package de.xoevhub.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The routing table as data (config/routing.yaml): destinations, and rules that pick them. */
@Validated
@ConfigurationProperties(prefix = "hub.routing", ignoreUnknownFields = false)
public record RoutingProperties(@Valid List<Destination> destinations, @Valid List<Rule> rules) {

    public RoutingProperties {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Where messages go. A queue destination {@code x} is the Artemis address {@code fv.x}. */
    public record Destination(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}", message = "must be lower-case letters, digits, '.', '_' or '-'") String id,
            @NotBlank String tenant,
            @Pattern(regexp = "queue", message = "must be 'queue'") String type) {
    }

    /**
     * A rule matches when every field it sets matches; unset fields match anything. A value ending in '*' is a
     * prefix. The first matching rule wins. The tenant is required and exact: a rule never routes one tenant's
     * messages to another tenant's destination.
     */
    public record Rule(@NotBlank String name,
                       @NotBlank @Pattern(regexp = "[^*]+", message = "must name one tenant exactly") String tenant,
                       String standard, String version,
                       String nachrichtentyp, String leser, String autor,
                       @NotEmpty List<@NotBlank String> destinations) {
    }
}
