package de.xoevhub.admin;

import de.xoevhub.admin.ParkedMessages.Place;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The quarantine and the dead letters with their reasons; operators replay or discard one message or a selection,
 * always with a reason, audited under their own name. A tenant-scoped account sees and acts on its tenants only.
 */
@Controller
class ParkedPage {

    private final ParkedMessages parked;

    ParkedPage(ParkedMessages parked) {
        this.parked = parked;
    }

    @GetMapping("/admin/parked/{place}")
    String list(@PathVariable String place, Model model) throws JMSException {
        Place p = OperationsController.place(place);
        model.addAttribute("place", p.name().toLowerCase(Locale.ROOT));
        model.addAttribute("messages", parked.list(p, ParkedMessages.MAX_LIST, AdminUser.current()::sees));
        model.addAttribute("limit", ParkedMessages.MAX_LIST);
        return "admin/parked";
    }

    @PostMapping("/admin/parked/{place}/{action}")
    String act(@PathVariable String place, @PathVariable String action,
               @RequestParam(name = "ids", required = false) List<String> ids,
               @RequestParam(required = false) String reason, RedirectAttributes flash) throws JMSException {
        Place p = OperationsController.place(place);
        String back = "redirect:/admin/parked/" + p.name().toLowerCase(Locale.ROOT);
        AdminUser user = AdminUser.current();
        if (ids == null || ids.isEmpty() || ids.size() > ParkedMessages.MAX_SELECTION) {
            flash.addFlashAttribute("error", "Select 1 to " + ParkedMessages.MAX_SELECTION + " messages.");
            return back;
        }
        if (reason == null || reason.isBlank()) {
            flash.addFlashAttribute("error", "A reason is required; nothing was done.");
            return back;
        }
        List<ParkedMessages.Result> results = switch (action) {
            case "replay" -> parked.replay(p, ids, user.actor(null), reason.strip(), user::sees);
            case "discard" -> parked.discard(p, ids, user.actor(null), reason.strip(), user::sees);
            default -> null;
        };
        if (results == null) {
            flash.addFlashAttribute("error", "Unknown action " + action + ".");
            return back;
        }
        flash.addFlashAttribute("notice", results.stream().map(r -> r.hubMessageId() + ": " + r.outcome()
                        + (r.detail() == null ? "" : " (" + r.detail() + ")"))
                .collect(Collectors.joining(", ")));
        return back;
    }
}
