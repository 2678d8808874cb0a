package de.xoevhub.monitoring;

import de.xoevhub.routing.RoutingTable;
import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchemaRegistry;
import org.springframework.stereotype.Component;

/**
 * The values the {@code standard} and {@code destination} labels of the hub's metrics may take. Each new value makes
 * a meter that lives until the restart, and the values come from outside: a refused document's own standard
 * attribute (any string a portal sends), a recipient's {@code hubDestination}. So a label only ever takes a standard
 * the hub has a bundle for (in the bundle's spelling, as the attribute matches in any case) or a destination of the
 * routing table; anything else is {@value #UNKNOWN}.
 */
@Component
public class LabelValues {

    static final String UNKNOWN = "unknown";

    private final SchemaRegistry bundles;
    private final RoutingTable routing;

    public LabelValues(SchemaRegistry bundles, RoutingTable routing) {
        this.bundles = bundles;
        this.routing = routing;
    }

    /** The installed standard of that name, or {@value #UNKNOWN}. */
    public String standard(String standard) {
        if (standard != null) {
            for (SchemaBundle b : bundles.bundles()) {
                if (b.standard() != null && b.standard().equalsIgnoreCase(standard)) {
                    return b.standard();
                }
            }
        }
        return UNKNOWN;
    }

    /** Whether the routing table configures a destination of that id. */
    public boolean configured(String destination) {
        return destination != null && routing.destination(destination).isPresent();
    }
}
