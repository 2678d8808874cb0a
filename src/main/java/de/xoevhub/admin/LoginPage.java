package de.xoevhub.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's login page: the form for configured accounts, and a link per OIDC issuer where one is set up. After
 * a failed OIDC login it says why where the hub refused it (e.g. a tenants claim without a tenant, see
 * {@link OidcRoles}), so that the account's owner can take it to the identity provider's administrators.
 */
@Controller
class LoginPage {

    /** The query parameter of the login page after a failed OIDC login. */
    static final String OIDC_FAILED = "oidc-error";

    /** An OIDC login link. */
    record Issuer(String name, String url) {
    }

    private final ObjectProvider<ClientRegistrationRepository> oidc;

    LoginPage(ObjectProvider<ClientRegistrationRepository> oidc) {
        this.oidc = oidc;
    }

    @GetMapping(LoginThrottleFilter.LOGIN)
    String login(Model model, HttpServletRequest request) {
        if (request.getParameter(OIDC_FAILED) != null) {
            model.addAttribute("oidcError", oidcError(request.getSession(false)));
        }
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

    /** The hub's own reason for refusing the last OIDC login of this session; anything else in general terms. */
    private static String oidcError(HttpSession session) {
        Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (session != null) {
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        }
        if (failure instanceof OAuth2AuthenticationException e
                && OidcRoles.TENANTS_UNREADABLE.equals(e.getError().getErrorCode())) {
            return e.getError().getDescription();
        }
        return "The login through the identity provider failed. Try again; if it fails again, ask the administrators.";
    }
}
