package de.xoevhub.admin;

import de.xoevhub.admin.ParkedMessages.Place;
import de.xoevhub.intake.SubmissionProblem;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for parked messages (quarantine and dead letters), the Camel routes and the audit log. Replay and
 * discard act on one message or a selection; discard needs a reason, replay may have one. The actor in the audit
 * log is the console user, or for the admin token its holder, named by the optional {@code X-Hub-Actor} header.
 * Roles are checked by {@link AdminSecurity}; a tenant-scoped account sees and acts on its tenants' messages only.
 */
@RestController
@RequestMapping("/admin/api")
class OperationsController {

    /** A replay or discard request: which messages, and why. */
    record Selection(List<String> ids, String reason) {
    }

    /** A route action: why (goes to the audit log). */
    record RouteRequest(String reason) {
    }

    private final ParkedMessages parked;
    private final AuditLog audit;
    private final RouteControl routes;
    private final QueueDepths depths;

    OperationsController(ParkedMessages parked, AuditLog audit, RouteControl routes, QueueDepths depths) {
        this.parked = parked;
        this.audit = audit;
        this.routes = routes;
        this.depths = depths;
    }

    @GetMapping("/queues")
    List<QueueDepths.Depth> queues() {
        AdminUser.current().requireUnscoped();
        return depths.all().orElseThrow(() -> new SubmissionProblem(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable",
                "Queue depths not available", "the broker does not answer its management requests now"));
    }

    @GetMapping("/routes")
    List<RouteControl.RouteView> routes() {
        AdminUser.current().requireUnscoped();
        return routes.routes();
    }

    @PostMapping("/routes/{routeId}/{action}")
    Map<String, String> route(@RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                              @PathVariable String routeId, @PathVariable String action,
                              @RequestBody(required = false) RouteRequest request) {
        AdminUser user = AdminUser.current();
        user.requireUnscoped();
        RouteControl.Action a = RouteControl.Action.parse(action).orElseThrow(() -> new SubmissionProblem(
                HttpStatus.NOT_FOUND, "not-found", "Not found",
                "no route action '" + action + "'; use start, stop, suspend or resume"));
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "reason-required", "Reason required",
                    "a route action needs a reason; it goes to the audit log");
        }
        try {
            String state = routes.act(routeId, a, user.actor(actor), request.reason().strip());
            return Map.of("routeId", routeId, "state", state);
        } catch (IllegalArgumentException e) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
        } catch (RouteActionFailed e) {
            throw new SubmissionProblem(HttpStatus.INTERNAL_SERVER_ERROR, "route-action-failed", "Route action failed",
                    e.getMessage() + "; the route is " + e.stateAfter() + " now; the attempt is in the audit log")
                    .with("routeId", routeId).with("state", e.stateAfter());
        }
    }

    @GetMapping("/queues/{place}/messages")
    List<ParkedMessages.Parked> list(@PathVariable String place, @RequestParam(defaultValue = "100") int limit)
            throws JMSException {
        return parked.list(place(place), limit, AdminUser.current()::sees);
    }

    @PostMapping("/queues/{place}/replay")
    List<ParkedMessages.Result> replay(@RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                                       @PathVariable String place, @RequestBody Selection selection)
            throws JMSException {
        AdminUser user = AdminUser.current();
        return parked.replay(place(place), ids(selection), user.actor(actor), selection.reason(), user::sees);
    }

    @PostMapping("/queues/{place}/discard")
    List<ParkedMessages.Result> discard(@RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                                        @PathVariable String place, @RequestBody Selection selection)
            throws JMSException {
        AdminUser user = AdminUser.current();
        List<String> ids = ids(selection);
        if (selection.reason() == null || selection.reason().isBlank()) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "reason-required", "Reason required",
                    "discarding a message needs a reason; it goes to the audit log and the Laufzettel");
        }
        return parked.discard(place(place), ids, user.actor(actor), selection.reason().strip(), user::sees);
    }

    @GetMapping("/audit")
    List<AuditLog.Action> audit(@RequestParam(defaultValue = "100") int limit,
                                @RequestParam(required = false) String target,
                                @RequestParam(required = false) String action) {
        return audit.recent(new AuditLog.Filter(limit, target, action, null, AdminUser.current().tenants()));
    }

    private static List<String> ids(Selection selection) {
        if (selection.ids() == null || selection.ids().isEmpty()
                || selection.ids().size() > ParkedMessages.MAX_SELECTION) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "selection-invalid", "Invalid selection",
                    "name 1 to " + ParkedMessages.MAX_SELECTION + " hubMessageIds in 'ids'");
        }
        return selection.ids();
    }

    static Place place(String place) {
        try {
            return Place.valueOf(place.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "no parking place '" + place + "'; use quarantine or dlq");
        }
    }
}
