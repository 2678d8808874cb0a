package de.xoevhub.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a console login with 429 while its username and client address are locked by the {@link LoginThrottle},
 * before the password is checked.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    static final String LOGIN = "/admin/login";

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && LOGIN.equals(request.getServletPath())
                && throttle.locked(LoginThrottle.key(request.getParameter("username"), request.getRemoteAddr()))) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(throttle.window().toSeconds()));
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(("<!DOCTYPE html><html lang=\"en\"><head><title>Too many failed logins"
                    + "</title><link rel=\"stylesheet\" href=\"/admin/console.css\"></head><body><main class=\"login\">"
                    + "<h1>Too many failed logins</h1><p>This account is locked from your address for a while. "
                    + "Try again later.</p><p><a href=\"/admin/login\">Back to the login</a></p></main></body></html>")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
