package de.xoevhub.admin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * What follows a console login attempt: a success clears the failures of its username and address; a failure
 * counts towards the {@link LoginThrottle}, and the failure that locks the pair is written to the audit log.
 */
@Component
class ConsoleLogin implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogin.class);

    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SavedRequestAwareAuthenticationSuccessHandler next =
            new SavedRequestAwareAuthenticationSuccessHandler();

    ConsoleLogin(LoginThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
        next.setDefaultTargetUrl("/admin");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException, ServletException {
        throttle.succeeded(LoginThrottle.key(request.getParameter("username"), request.getRemoteAddr()));
        next.onAuthenticationSuccess(request, response, auth);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        String username = request.getParameter("username");
        if (throttle.failed(LoginThrottle.key(username, request.getRemoteAddr()))) {
            String name = username == null ? "" : username.strip();
            audit.record(name.length() > 100 ? name.substring(0, 100) : name, "LOGIN_LOCKED", "console", null,
                    "LOCKED");
            LOG.warn("console login locked after repeated failures (see the audit log)");
        }
        response.sendRedirect(request.getContextPath() + "/admin/login?error");
    }
}
