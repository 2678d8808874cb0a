package de.xoevhub.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A bearer token from an Authorization header, compared by SHA-256: the hub configures only token digests, and
 * compares them in constant time. Shared by the portal and the admin API, which configure separate tokens.
 */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** The SHA-256 of the presented token, or empty when the header carries no bearer token. */
    public static Optional<byte[]> digest(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(sha256(authorization.substring(BEARER.length()).strip()));
    }

    /** True if the digest equals the configured hex SHA-256, compared in constant time. */
    public static boolean matches(byte[] digest, String hexSha256) {
        return hexSha256 != null && !hexSha256.isBlank()
                && MessageDigest.isEqual(digest, HexFormat.of().parseHex(hexSha256));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
