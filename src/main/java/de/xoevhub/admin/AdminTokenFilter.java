package de.xoevhub.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a call of the admin API that carries a bearer token: the admin token makes it an unscoped ADMIN
 * for this request only (nothing goes into a session); any other token (a portal's) is refused with 401 at once,
 * whatever session cookie comes with it. Calls without a token fall through to the console session.
 */
class AdminTokenFilter extends OncePerRequestFilter {

    /** The admin token's authentication. */
    static final class TokenAuthentication extends AbstractAuthenticationToken {

        TokenAuthentication() {
            super(List.of(new SimpleGrantedAuthority(Role.ADMIN.authority())));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "admin-token";
        }
    }

    private final AdminAccess access;
    private final SecurityProblems problems;

    AdminTokenFilter(AdminAccess access, SecurityProblems problems) {
        this.access = access;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (AdminAccess.presentsToken(authorization)) {
            if (!access.accepts(authorization)) {
                problems.write(response, 401, "unauthorized", "Unauthorized",
                        "the admin API needs the admin bearer token or a console login");
                return;
            }
            SecurityContextHolder.setContext(new SecurityContextImpl(new TokenAuthentication()));
        }
        chain.doFilter(request, response);
    }
}
