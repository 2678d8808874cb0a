package de.xoevhub.admin;

import de.xoevhub.admin.ParkedMessages.Place;
import de.xoevhub.intake.SubmissionProblem;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
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
 * Admin API for parked messages (quarantine and dead letters), the Camel routes and the audit log. Replay and discard act on one
 * message or a selection; discard needs a reason, replay may have one. The actor in the audit log is the admin
 * token's holder, named by the optional {@code X-Hub-Actor} header (until the console brings personal logins).
 */
@RestController
@RequestMapping("/admin/api")
class OperationsController {

    /** A replay or discard request: which messages, and why. */
    record Selection(List<String> ids, String reason) {
    }

    private static final int MAX_SELECTION = 500;

    /** A route action: why (goes to the audit log). */
    record RouteRequest(String reason) {
    }

    private final AdminAccess access;
    private final ParkedMessages parked;
    private final AuditLog audit;
    private final RouteControl routes;
    private final QueueDepths depths;

    OperationsController(AdminAccess access, ParkedMessages parked, AuditLog audit, RouteControl routes,
                         QueueDepths depths) {
        this.access = access;
        this.parked = parked;
        this.audit = audit;
        this.routes = routes;
        this.depths = depths;
    }

    @GetMapping("/queues")
    List<QueueDepths.Depth> queues(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        access.require(auth);
        return depths.all().orElseThrow(() -> new SubmissionProblem(HttpStatus.NOT_IMPLEMENTED, "external-broker",
                "Queue depths not available", "the broker is external; its own console shows the queues"));
    }

    @GetMapping("/routes")
    List<RouteControl.RouteView> routes(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        access.require(auth);
        return routes.routes();
    }

    @PostMapping("/routes/{routeId}/{action}")
    java.util.Map<String, String> route(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                        @RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                                        @PathVariable String routeId, @PathVariable String action,
                                        @RequestBody(required = false) RouteRequest request) throws Exception {
        access.require(auth);
        RouteControl.Action a;
        try {
            a = RouteControl.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "no route action '" + action + "'; use start, stop, suspend or resume");
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "reason-required", "Reason required",
                    "a route action needs a reason; it goes to the audit log");
        }
        try {
            return java.util.Map.of("routeId", routeId, "state", routes.act(routeId, a, actor(actor), request.reason().strip()));
        } catch (IllegalArgumentException e) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
        }
    }

    @GetMapping("/queues/{place}/messages")
    List<ParkedMessages.Parked> list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                     @PathVariable String place, @RequestParam(defaultValue = "100") int limit)
            throws JMSException {
        access.require(auth);
        return parked.list(place(place), limit);
    }

    @PostMapping("/queues/{place}/replay")
    List<ParkedMessages.Result> replay(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                       @RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                                       @PathVariable String place, @RequestBody Selection selection) throws JMSException {
        access.require(auth);
        return parked.replay(place(place), ids(selection), actor(actor), selection.reason());
    }

    @PostMapping("/queues/{place}/discard")
    List<ParkedMessages.Result> discard(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                        @RequestHeader(value = "X-Hub-Actor", required = false) String actor,
                                        @PathVariable String place, @RequestBody Selection selection) throws JMSException {
        access.require(auth);
        if (selection.reason() == null || selection.reason().isBlank()) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "reason-required", "Reason required",
                    "discarding a message needs a reason; it goes to the audit log and the Laufzettel");
        }
        return parked.discard(place(place), ids(selection), actor(actor), selection.reason().strip());
    }

    @GetMapping("/audit")
    List<AuditLog.Action> audit(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                @RequestParam(defaultValue = "100") int limit,
                                @RequestParam(required = false) String target,
                                @RequestParam(required = false) String action) {
        access.require(auth);
        return audit.recent(limit, target, action);
    }

    private static Place place(String place) {
        try {
            return Place.valueOf(place.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "no parking place '" + place + "'; use quarantine or dlq");
        }
    }

    private static List<String> ids(Selection selection) {
        if (selection.ids() == null || selection.ids().isEmpty() || selection.ids().size() > MAX_SELECTION) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "selection-invalid", "Invalid selection",
                    "name 1 to " + MAX_SELECTION + " hubMessageIds in 'ids'");
        }
        return selection.ids();
    }

    private static String actor(String header) {
        String name = header == null || header.isBlank() ? "" : " (" + header.strip().replaceAll("[^\\p{L}\\p{N} ._@-]", "")
                + ")";
        return "admin-token" + (name.length() > 100 ? name.substring(0, 100) + ")" : name);
    }
}
