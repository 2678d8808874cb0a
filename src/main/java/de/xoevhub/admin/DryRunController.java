package de.xoevhub.admin;

import de.xoevhub.intake.SubmissionProblem;
import de.xoevhub.routing.RoutingKey;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.schema.Inspector;
import de.xoevhub.schema.MalformedXmlException;
import de.xoevhub.schema.SchematronFailure;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.schema.UnknownStandardException;
import de.xoevhub.schema.ValidationReport;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dry-run of a document: the detected standard, the validation report and the routing decision for a tenant,
 * without accepting, recording or delivering anything.
 */
@RestController
class DryRunController {

    /** The routing decision: the rule and destinations, or null when the message would be unroutable. */
    record Routing(String rule, List<String> destinations) {
    }

    /** The outcome of a dry-run. */
    record DryRun(String bundle, MessageHead head, boolean valid, ValidationReport report, Routing routing) {
    }

    private static final int MAX_BYTES = 64 * 1024 * 1024;

    private final Inspector inspector;
    private final RoutingTable routing;

    DryRunController(Inspector inspector, RoutingTable routing) {
        this.inspector = inspector;
        this.routing = routing;
    }

    @PostMapping(path = "/admin/api/dry-run", consumes = {"application/xml", "text/xml"})
    DryRun dryRun(@RequestParam String tenant, @RequestBody byte[] document) throws IOException {
        return run(tenant, document);
    }

    /** The dry-run for the API and the console's form; refusals are SubmissionProblems. */
    DryRun run(String tenant, byte[] document) throws IOException {
        if (!AdminUser.current().sees(tenant)) {
            throw new SubmissionProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "this account is not allowed to see tenant " + tenant);
        }
        if (document.length > MAX_BYTES) {
            throw new SubmissionProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Body too large",
                    "a dry-run takes at most " + MAX_BYTES + " bytes");
        }
        try {
            Inspector.Inspection inspection = inspector.inspect(document);
            MessageHead h = inspection.head();
            Routing decision = routing.route(new RoutingKey(tenant, h.standard(), h.version(), h.messageType(),
                            h.leser(), h.autor()))
                    .map(m -> new Routing(m.rule(), m.destinations().stream().map(Destination::id).toList()))
                    .orElse(null);
            return new DryRun(inspection.bundle().id(), h, inspection.report().valid(), inspection.report(), decision);
        } catch (MalformedXmlException e) {
            throw new SubmissionProblem(HttpStatus.BAD_REQUEST, "malformed-xml", "XML refused", e.getMessage())
                    .with("line", e.line()).with("column", e.column());
        } catch (UnknownStandardException e) {
            throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-standard", "Unknown standard",
                    e.getMessage()).with("namespace", e.head().namespace()).with("version", e.head().version());
        } catch (SchematronFailure e) {
            // Saxon's own words too: the admin wrote the document and wants to know what in the rules failed on it
            throw new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-incomplete",
                    "Validation could not complete", e.getMessage());
        }
    }
}
