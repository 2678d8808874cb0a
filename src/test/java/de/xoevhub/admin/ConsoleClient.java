package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A console user as the tests play one, over real HTTP: keeps the session cookie itself (java.net's cookie handler
 * would drop a Secure cookie over http), follows no redirects, and takes the CSRF token from the pages it reads.
 */
final class ConsoleClient {

    static final String COOKIE = "XOEVHUB_SESSION";
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String session;
    private String csrf;
    HttpResponse<String> last;

    ConsoleClient(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    ConsoleClient(int port) {
        this("127.0.0.1", port);
    }

    /** Logs in; fails the test unless the hub sends the user on to the console. */
    static ConsoleClient loggedIn(int port, String username, String password) throws Exception {
        ConsoleClient c = new ConsoleClient(port);
        var r = c.login(username, password);
        assertThat(r.statusCode()).as("login of " + username).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).as("login of " + username).endsWith("/admin");
        c.get("/admin");
        return c;
    }

    /** One login attempt with the form's CSRF token: the raw answer (302 on, 302 ?error, or 429). */
    HttpResponse<String> login(String username, String password) throws Exception {
        get("/admin/login");
        return send(form("/admin/login", Map.of("username", username, "password", password), true));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** A form post, with the session's CSRF token or without one. */
    HttpResponse<String> post(String path, Map<String, String> fields, boolean withCsrf) throws Exception {
        return send(form(path, fields, withCsrf));
    }

    /** A JSON post to the admin API, with the CSRF token as header or without one. */
    HttpResponse<String> postJson(String path, String json, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        return send(b);
    }

    /** Any request with this session's cookie and extra headers. */
    HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    String sessionCookieHeader() {
        return last.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst()
                .orElse("");
    }

    boolean hasSession() {
        return session != null;
    }

    private HttpRequest.Builder form(String path, Map<String, String> fields, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf) {
            all.put("_csrf", csrf);
        }
        String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (session != null) {
            b.header("Cookie", COOKIE + "=" + session);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        last = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String cookie : last.headers().allValues("Set-Cookie")) {
            if (cookie.startsWith(COOKIE + "=")) {
                String value = cookie.substring(COOKIE.length() + 1, cookie.indexOf(';') < 0 ? cookie.length()
                        : cookie.indexOf(';'));
                session = value.isEmpty() ? null : value;
            }
        }
        Matcher m = META_CSRF.matcher(last.body());
        if (m.find()) {
            csrf = m.group(1);
        } else if ((m = FORM_CSRF.matcher(last.body())).find()) {
            csrf = m.group(1);
        }
        return last;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
