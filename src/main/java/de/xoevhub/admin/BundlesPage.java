package de.xoevhub.admin;

import de.xoevhub.schema.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The installed schema bundles (standard, version, namespaces, message types, Schematron rules, source) and those
 * that failed to load, with their reason; an ADMIN reloads them without a restart, audited.
 */
@Controller
class BundlesPage {

    private static final Logger LOG = LoggerFactory.getLogger(BundlesPage.class);

    private final SchemaRegistry registry;
    private final AuditLog audit;

    BundlesPage(SchemaRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @GetMapping("/admin/bundles")
    String list(Model model) {
        model.addAttribute("bundles", registry.bundles().stream().map(BundleAdminController.BundleView::of).toList());
        model.addAttribute("loadErrors", registry.loadErrors().stream()
                .map(e -> new BundleAdminController.LoadErrorView(e.descriptor().toString(), e.reason())).toList());
        return "admin/bundles";
    }

    @PostMapping("/admin/bundles/reload")
    String reload(RedirectAttributes flash) {
        AdminUser user = AdminUser.current();
        user.requireUnscoped();
        registry.reload();
        String outcome = registry.bundles().size() + " bundles, " + registry.loadErrors().size() + " load errors";
        audit.record(user.actor(null), "BUNDLES_RELOAD", "schema-registry", null, "RELOADED");
        LOG.info("schema registry reloaded from the console: {}", outcome);
        flash.addFlashAttribute("notice", "Reloaded: " + outcome + ".");
        return "redirect:/admin/bundles";
    }
}
