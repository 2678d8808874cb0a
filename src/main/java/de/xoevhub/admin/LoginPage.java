package de.xoevhub.admin;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's login page: the form for configured accounts, and a link per OIDC issuer where one is set up. */
@Controller
class LoginPage {

    /** An OIDC login link. */
    record Issuer(String name, String url) {
    }

    private final ObjectProvider<ClientRegistrationRepository> oidc;

    LoginPage(ObjectProvider<ClientRegistrationRepository> oidc) {
        this.oidc = oidc;
    }

    @GetMapping(LoginThrottleFilter.LOGIN)
    String login(Model model) {
        List<Issuer> issuers = new ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object r : registrations) {
                ClientRegistration c = (ClientRegistration) r;
                issuers.add(new Issuer(c.getClientName(), "/oauth2/authorization/" + c.getRegistrationId()));
            }
        }
        model.addAttribute("issuers", issuers);
        return "admin/login";
    }
}
