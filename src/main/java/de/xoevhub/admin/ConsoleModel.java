package de.xoevhub.admin;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows in its frame: the logged-in admin (name, roles, tenant scope). */
@ControllerAdvice(assignableTypes = {DashboardPage.class, RoutesPage.class, MessagesPage.class, ParkedPage.class,
        AuditPage.class, BundlesPage.class, PayloadPage.class, ConfigurationPage.class})
class ConsoleModel {

    @ModelAttribute("user")
    AdminUser user() {
        return AdminUser.current();
    }
}
