package de.xoevhub.admin;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.SubmissionState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Message search over the ledger, and a message's page with its ledger data, its Laufzettel and whether the
 * Laufzettel's hash chain is intact. The payload is not shown here (PayloadPage, ADMIN only, audited).
 */
@Controller
class MessagesPage {

    private final MessageSearch search;
    private final Laufzettel laufzettel;
    private final AuditLog audit;

    MessagesPage(MessageSearch search, Laufzettel laufzettel, AuditLog audit) {
        this.search = search;
        this.laufzettel = laufzettel;
        this.audit = audit;
    }

    @GetMapping("/admin/messages")
    String search(@RequestParam(required = false) String id, @RequestParam(required = false) String nachrichtenUUID,
                  @RequestParam(required = false) String state, @RequestParam(required = false) String tenant,
                  @RequestParam(required = false) String standard,
                  @RequestParam(required = false) String nachrichtentyp,
                  @RequestParam(required = false) String portal,
                  @RequestParam(required = false) String destination, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size, Model model) {
        AdminUser user = AdminUser.current();
        var query = new MessageSearch.Query(id, nachrichtenUUID, state, tenant, standard, nachrichtentyp, portal,
                destination, time(from, "from", model), time(to, "to", model));
        model.addAttribute("q", query);
        model.addAttribute("fromText", from);
        model.addAttribute("toText", to);
        model.addAttribute("states", Arrays.stream(SubmissionState.values()).map(Enum::name).toList());
        model.addAttribute("result", search.search(query, user.tenants(), page, size));
        return "admin/messages";
    }

    @GetMapping("/admin/messages/{id}")
    String message(@PathVariable String id, Model model) {
        AdminUser user = AdminUser.current();
        MessageSearch.Row row = search.find(id, user.tenants())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        model.addAttribute("m", row);
        model.addAttribute("trail", laufzettel.trail(row.id()));
        model.addAttribute("actions", audit.recent(new AuditLog.Filter(100, row.id(), null, null, user.tenants())));
        return "admin/message";
    }

    /** A datetime-local field (UTC) or an ISO instant; a bad value is reported and ignored. */
    private static Instant time(String value, String field, Model model) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.endsWith("Z") ? Instant.parse(value) : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            model.addAttribute("error", "The time '" + field + "' is not a date and time; it was ignored.");
            return null;
        }
    }
}
