package de.xoevhub.admin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Every Camel route with its state and figures, and the admin's start / stop / suspend / resume, audited. */
@Component
public class RouteControl {

    private static final Logger LOG = LoggerFactory.getLogger(RouteControl.class);

    /** One route as the admin sees it. Times in milliseconds. */
    public record RouteView(String id, String description, String state, long exchangesTotal, long exchangesFailed,
                            long exchangesInflight, long meanProcessingTime, long maxProcessingTime) {
    }

    /** What an admin can do to a route. */
    public enum Action {
        START, STOP, SUSPEND, RESUME;

        /** The action of that name (any case), or empty for an unknown one. */
        static Optional<Action> parse(String name) {
            return Arrays.stream(values()).filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    private final CamelContext camel;
    private final AuditLog audit;

    public RouteControl(CamelContext camel, AuditLog audit) {
        this.camel = camel;
        this.audit = audit;
    }

    public List<RouteView> routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(r -> {
            ManagedRouteMBean m = managed == null ? null : managed.getManagedRoute(r.getRouteId());
            return new RouteView(r.getRouteId(), r.getDescription(),
                    camel.getRouteController().getRouteStatus(r.getRouteId()).name(),
                    m == null ? 0 : m.getExchangesTotal(), m == null ? 0 : m.getExchangesFailed(),
                    m == null ? 0 : m.getExchangesInflight(), m == null ? 0 : m.getMeanProcessingTime(),
                    m == null ? 0 : m.getMaxProcessingTime());
        }).toList();
    }

    /**
     * Acts on a route; returns its state afterwards. Every attempt is audited, a failed one with outcome FAILED and
     * the failure after the admin's reason. An unknown route id throws IllegalArgumentException; an action Camel
     * refuses or breaks off throws {@link RouteActionFailed}.
     */
    public String act(String routeId, Action action, String actor, String reason) {
        if (camel.getRoute(routeId) == null) {
            audit.record(actor, "ROUTE_" + action, routeId, reason, "NOT_FOUND");
            throw new IllegalArgumentException("no route " + routeId);
        }
        try {
            switch (action) {
                case START -> camel.getRouteController().startRoute(routeId);
                case STOP -> camel.getRouteController().stopRoute(routeId);
                case SUSPEND -> camel.getRouteController().suspendRoute(routeId);
                case RESUME -> camel.getRouteController().resumeRoute(routeId);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            RouteActionFailed failed = new RouteActionFailed(routeId, action, e, state(routeId));
            LOG.warn("{} by {} (now {})", failed.getMessage(), actor, failed.stateAfter(), e);
            audit.record(actor, "ROUTE_" + action, routeId, reason + " — failed: " + failed.detail(), "FAILED");
            throw failed;
        }
        String state = state(routeId);
        audit.record(actor, "ROUTE_" + action, routeId, reason, state);
        return state;
    }

    private String state(String routeId) {
        var status = camel.getRouteController().getRouteStatus(routeId);
        return status == null ? "Unknown" : status.name();
    }
}
