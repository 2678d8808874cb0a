package de.xoevhub.admin;

import de.xoevhub.schema.SchemaRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The installed schema bundles (standard, version, namespaces, message types, Schematron rules, source) and those
 * that failed to load, with their reason; an unscoped ADMIN reloads them without a restart, audited
 * ({@link BundleReload}, shared with the admin API).
 */
@Controller
class BundlesPage {

    private final SchemaRegistry registry;
    private final BundleReload reload;

    BundlesPage(SchemaRegistry registry, BundleReload reload) {
        this.registry = registry;
        this.reload = reload;
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
        BundleReload.Outcome outcome = reload.run(user, user.actor(null));
        flash.addFlashAttribute("notice", "Reloaded: " + outcome.summary() + ".");
        return "redirect:/admin/bundles";
    }
}
