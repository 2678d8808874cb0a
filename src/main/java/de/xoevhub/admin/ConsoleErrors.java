package de.xoevhub.admin;

import de.xoevhub.intake.SubmissionProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;

/**
 * Refusals on console pages as a console page (the APIs answer problem+json): an unknown or out-of-scope message,
 * a hub-wide page for a tenant-scoped account.
 */
@ControllerAdvice(assignableTypes = {DashboardPage.class, RoutesPage.class, MessagesPage.class, ParkedPage.class,
        AuditPage.class, BundlesPage.class, PayloadPage.class, ConfigurationPage.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    @ExceptionHandler(SubmissionProblem.class)
    String problem(SubmissionProblem e, Model model, HttpServletResponse response) {
        return page(e.status().value(), e.title(), e.getMessage(), model, response);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String status(ResponseStatusException e, Model model, HttpServletResponse response) {
        return page(e.getStatusCode().value(), e.getStatusCode().value() == 404 ? "Not found" : "Refused",
                e.getReason(), model, response);
    }

    private static String page(int status, String title, String detail, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("user", AdminUser.current());
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "admin/error";
    }
}
