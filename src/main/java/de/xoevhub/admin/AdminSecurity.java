package de.xoevhub.admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three filter chains, one per kind of caller:
 * the portal API (/api/**) stays stateless and authenticates portals by their own tokens in the controllers, so a
 * console session never counts there; the admin API (/admin/api/**) takes the admin bearer token or a console
 * session (then with CSRF on changes); everything else is the console with form login (and OIDC where an issuer
 * is configured), CSRF and role rules, next to the public actuator endpoints.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    private static final String[] ANY_ROLE = {"ADMIN", "OPERATOR", "AUDITOR"};
    private static final String[] OPERATING = {"ADMIN", "OPERATOR"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring Security observes each filter of a chain by default, a timer around every filter of every request.
     * {@code http.server.requests} already times each request, so only authentications and authorizations are
     * observed.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
    }

    @Bean
    OidcRoles oidcRoles(AdminProperties properties) {
        return new OidcRoles(properties.oidc());
    }

    @Bean
    @Order(1)
    SecurityFilterChain portalApi(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminApi(HttpSecurity http, AdminAccess access, SecurityProblems problems) throws Exception {
        RequestMatcher bearer = r -> AdminAccess.presentsToken(r.getHeader(HttpHeaders.AUTHORIZATION));
        RequestMatcher changes = r -> !(r.getMethod().equals("GET") || r.getMethod().equals("HEAD")
                || r.getMethod().equals("OPTIONS") || r.getMethod().equals("TRACE"));
        return http.securityMatcher("/admin/api/**")
                .addFilterBefore(new AdminTokenFilter(access, problems), CsrfFilter.class)
                .csrf(c -> c.requireCsrfProtectionMatcher(r -> changes.matches(r) && !bearer.matches(r)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/admin/api/**").hasAnyRole(ANY_ROLE)
                        .requestMatchers(HttpMethod.POST, "/admin/api/bundles/reload").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/admin/api/**").hasAnyRole(OPERATING)
                        .anyRequest().denyAll())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, ConsoleLogin login, LoginThrottle throttle,
                                SecurityProblems problems, OidcRoles oidcRoles,
                                ObjectProvider<ClientRegistrationRepository> oidc) throws Exception {
        // scripts that present a token (e.g. a portal's) get 401, browsers are sent to the login page
        var entryPoint = new DelegatingAuthenticationEntryPoint(new java.util.LinkedHashMap<>(java.util.Map.of(
                (RequestMatcher) r -> r.getHeader(HttpHeaders.AUTHORIZATION) != null, problems)));
        entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint(LoginThrottleFilter.LOGIN));
        http.addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(LoginThrottleFilter.LOGIN, "/admin/console.css", "/admin/console.js")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/admin/bundles/reload").hasRole("ADMIN")
                        // payloads are personal data: ADMIN only (PayloadPage audits each view)
                        .requestMatchers("/admin/messages/*/payload").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/admin/**").hasAnyRole(OPERATING)
                        .requestMatchers("/admin", "/admin/**").hasAnyRole(ANY_ROLE)
                        .anyRequest().permitAll())
                .formLogin(f -> f.loginPage(LoginThrottleFilter.LOGIN).successHandler(login).failureHandler(login))
                .logout(l -> l.logoutUrl("/admin/logout").logoutSuccessUrl(LoginThrottleFilter.LOGIN + "?logout"))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")));
        if (oidc.getIfAvailable() != null) {
            // a refused OIDC login is not a wrong password: the login page says why (LoginPage.OIDC_FAILED)
            http.oauth2Login(o -> o.loginPage(LoginThrottleFilter.LOGIN)
                    .failureUrl(LoginThrottleFilter.LOGIN + "?" + LoginPage.OIDC_FAILED)
                    .defaultSuccessUrl("/admin")
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(oidcRoles)));
        }
        return http.build();
    }
}
