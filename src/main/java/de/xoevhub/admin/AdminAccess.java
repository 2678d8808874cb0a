package de.xoevhub.admin;

import de.xoevhub.intake.SubmissionProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Checks the admin bearer token. Portal tokens are a separate list and never open the admin API. */
@Component
class AdminAccess {

    private static final String BEARER = "Bearer ";
    private final byte[] expected;

    AdminAccess(AdminProperties properties) {
        String hash = properties.tokenSha256();
        this.expected = hash == null || hash.isBlank() ? null : HexFormat.of().parseHex(hash);
    }

    void require(String authorization) {
        boolean ok = expected != null && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expected, sha256(authorization.substring(BEARER.length()).strip()));
        if (!ok) {
            throw new SubmissionProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "the admin API needs the admin bearer token");
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
