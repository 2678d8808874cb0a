package de.xoevhub.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log, newest first, filtered by target, action and actor; tenant-scoped accounts see the entries on
 * their tenants' messages only.
 */
@Controller
class AuditPage {

    private final AuditLog audit;

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    String list(@RequestParam(required = false) String target, @RequestParam(required = false) String action,
                @RequestParam(required = false) String actor, @RequestParam(defaultValue = "200") int limit,
                Model model) {
        var filter = new AuditLog.Filter(limit, target, action, actor, AdminUser.current().tenants());
        model.addAttribute("filter", filter);
        model.addAttribute("actions", audit.recent(filter));
        return "admin/audit";
    }
}
