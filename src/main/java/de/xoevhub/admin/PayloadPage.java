package de.xoevhub.admin;

import jakarta.jms.JMSException;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * A message's payload, for ADMIN only (AdminSecurity refuses the other roles), and every view is audited as
 * PAYLOAD_VIEWED, also when there is nothing to show: the content is personal data. Only parked messages
 * (quarantine, dead letters) have a payload at the hub; the page says so for the others.
 */
@Controller
class PayloadPage {

    /** At most this much is shown; the page says when the message is larger. */
    static final int LIMIT = 1024 * 1024;

    private final MessageSearch search;
    private final ParkedPayload payloads;
    private final AuditLog audit;

    PayloadPage(MessageSearch search, ParkedPayload payloads, AuditLog audit) {
        this.search = search;
        this.payloads = payloads;
        this.audit = audit;
    }

    @GetMapping("/admin/messages/{id}/payload")
    String payload(@PathVariable String id, Model model) throws JMSException {
        AdminUser user = AdminUser.current();
        if (!user.has(Role.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only an ADMIN may see a payload");
        }
        MessageSearch.Row row = search.find(id, user.tenants())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        var payload = payloads.find(row.id(), row.tenant(), LIMIT);
        audit.record(user.actor(null), "PAYLOAD_VIEWED", row.id(), null,
                payload.map(p -> "SHOWN from " + p.queue()).orElse("NOT_PARKED"));
        model.addAttribute("m", row);
        payload.ifPresent(p -> {
            model.addAttribute("payload", p);
            model.addAttribute("text", p.text().orElse(null));
            model.addAttribute("base64",
                    p.text().isPresent() ? null : Base64.getMimeEncoder().encodeToString(p.head()));
        });
        return "admin/payload";
    }
}
