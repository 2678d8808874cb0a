package de.xoevhub.admin;

import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Every Camel route with its state and figures; operators start, stop, suspend and resume them after a
 * confirmation and with a mandatory reason, audited under their own name. Hub-wide, so not for tenant-scoped
 * accounts.
 */
@Controller
class RoutesPage {

    private final RouteControl routes;

    RoutesPage(RouteControl routes) {
        this.routes = routes;
    }

    @GetMapping("/admin/routes")
    String list(Model model) {
        AdminUser.current().requireUnscoped();
        model.addAttribute("routes", routes.routes());
        return "admin/routes";
    }

    @PostMapping("/admin/routes/{routeId}")
    String act(@PathVariable String routeId, @RequestParam String action, @RequestParam(required = false) String reason,
               RedirectAttributes flash) {
        AdminUser user = AdminUser.current();
        user.requireUnscoped();
        RouteControl.Action a = RouteControl.Action.parse(action).orElse(null);
        if (a == null) {
            flash.addFlashAttribute("error", "Unknown action " + action + ".");
            return "redirect:/admin/routes";
        }
        if (reason == null || reason.isBlank()) {
            flash.addFlashAttribute("error", "A reason is required; nothing was done to " + routeId + ".");
            return "redirect:/admin/routes";
        }
        try {
            String state = routes.act(routeId, a, user.actor(null), reason.strip());
            flash.addFlashAttribute("notice", "Route " + routeId + ": " + a.name().toLowerCase(Locale.ROOT)
                    + " done, now " + state + ".");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", "No route " + routeId + ".");
        } catch (RouteActionFailed e) {
            flash.addFlashAttribute("error", "Route " + routeId + ": " + a.name().toLowerCase(Locale.ROOT)
                    + " failed; the route is " + e.stateAfter() + " now. " + e.detail()
                    + " (audited; the full error is in the hub's log)");
        }
        return "redirect:/admin/routes";
    }
}
