package de.xoevhub.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal OIDC issuer for the tests, on loopback: the authorization endpoint answers at once for the next user
 * (no login page), the token endpoint issues an RS256-signed ID token with that user's claims, and the keys and
 * user info are served as a real issuer serves them. The client secret is checked.
 */
final class TestIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> tokens = new ConcurrentHashMap<>();
    private volatile Map<String, Object> nextUser = Map.of();
    volatile int tokenRequests;

    TestIssuer(int port) throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", x -> answer(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/userinfo", this::userInfo);
        server.start();
    }

    /** The claims (besides iss, aud, exp, iat, nonce) of whoever logs in next. */
    void nextUser(Map<String, Object> claims) {
        nextUser = claims;
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        String code = UUID.randomUUID().toString();
        Map<String, Object> claims = new HashMap<>(nextUser);
        claims.put("nonce", q.get("nonce"));
        claims.put("aud", q.get("client_id"));
        codes.put(code, claims);
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        answer(x, 302, "");
    }

    private void token(HttpExchange x) throws IOException {
        tokenRequests++;
        String expected = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("xoev-hub:test-client-secret".getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, Object> claims = codes.remove(form.getOrDefault("code", ""));
        if (claims == null || !expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            answer(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer("http://127.0.0.1:" + server.getAddress().getPort())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.forEach(b::claim);
        b.audience((String) claims.get("aud"));
        try {
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    b.build());
            idToken.sign(new RSASSASigner(key));
            String accessToken = UUID.randomUUID().toString();
            tokens.put(accessToken, claims);
            answer(x, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"scope\":\"openid profile\",\"id_token\":\"" + idToken.serialize() + "\"}");
        } catch (JOSEException e) {
            answer(x, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void userInfo(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        Map<String, Object> claims = auth == null ? null : tokens.get(auth.replaceFirst("(?i)^Bearer ", ""));
        if (claims == null) {
            answer(x, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        answer(x, 200, "{\"sub\":\"" + claims.get("sub") + "\",\"preferred_username\":\""
                + claims.get("preferred_username") + "\"}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, status == 302 ? -1 : body.length);
        if (status != 302) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    /** The path and query of an absolute URL of the hub. */
    static String pathOf(String location) {
        URI u = URI.create(location);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
