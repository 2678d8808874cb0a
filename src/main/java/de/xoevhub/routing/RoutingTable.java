package de.xoevhub.routing;

import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingProperties.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Matches messages against the routing rules. Checks the table at construction, so a rule naming an unknown
 * destination, a destination of another tenant, or one destination twice, stops the start with a message saying
 * which.
 */
@Component
public class RoutingTable {

    private final List<Rule> rules;
    private final Map<String, Destination> destinations;

    public RoutingTable(RoutingProperties properties) {
        this.rules = properties.rules();
        this.destinations = properties.destinations().stream()
                .collect(Collectors.toMap(Destination::id, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("hub.routing: destination '" + a.id() + "' is defined twice");
                }));
        properties.destinations().forEach(RoutingTable::checkTransport);
        for (Rule rule : rules) {
            Set<String> named = new HashSet<>();
            for (String d : rule.destinations()) {
                // two copies of one message with the same duplicate id in one transaction: one would be refused
                if (!named.add(d)) {
                    throw new IllegalStateException("hub.routing: rule '" + rule.name() + "' names destination '"
                            + d + "' twice; each destination gets one copy");
                }
                Destination dest = destinations.get(d);
                if (dest == null) {
                    throw new IllegalStateException("hub.routing: rule '" + rule.name()
                            + "' names unknown destination '" + d + "'; known: " + destinations.keySet());
                }
                if (!dest.tenant().equals(rule.tenant())) {
                    throw new IllegalStateException("hub.routing: rule '" + rule.name() + "' of tenant '"
                            + rule.tenant() + "' names destination '" + d + "' of tenant '" + dest.tenant() + "'");
                }
            }
        }
    }

    private static void checkTransport(Destination d) {
        String where = "hub.routing: destination '" + d.id() + "': ";
        if (!d.isSftp()) {
            if (d.sftp() != null) {
                throw new IllegalStateException(where + "sftp settings given, but type is " + d.type());
            }
            return;
        }
        if (d.sftp() == null) {
            throw new IllegalStateException(where + "type " + d.type()
                    + " needs an sftp block (host, path, user, known-hosts-file)");
        }
        if (java.util.Arrays.asList(d.sftp().path().split("/")).contains("..")) {
            throw new IllegalStateException(where + "sftp.path must not contain '..'");
        }
        if ((d.sftp().privateKeyFile() == null) == (d.sftp().passwordFile() == null)) {
            throw new IllegalStateException(where + "set exactly one of sftp.private-key-file and sftp.password-file");
        }
    }

    /** A destination by id, or empty. */
    public Optional<Destination> destination(String id) {
        return Optional.ofNullable(destinations.get(id));
    }

    /** Every destination. */
    public java.util.Collection<Destination> destinations() {
        return destinations.values();
    }

    /** The destinations of the first matching rule, or empty when the message is unroutable. */
    public Optional<Match> route(RoutingKey key) {
        return rules.stream().filter(r -> matches(r, key)).findFirst()
                .map(r -> new Match(r.name(), r.destinations().stream().map(destinations::get).toList()));
    }

    /** The rule that matched and the destinations it names. */
    public record Match(String rule, List<Destination> destinations) {
    }

    static boolean matches(Rule r, RoutingKey k) {
        return field(r.tenant(), k.tenant()) && field(r.standard(), k.standard())
                && field(r.version(), k.version()) && field(r.nachrichtentyp(), k.nachrichtentyp())
                && field(r.leser(), k.leser()) && field(r.autor(), k.autor());
    }

    /** Unset matches anything; anything set, '*' included, needs the message to have the field. */
    private static boolean field(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(value);
    }
}
