package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Finds the portal for a bearer token by comparing SHA-256 digests in constant time. */
@Component
public class PortalAuthenticator {

    private static final String BEARER = "Bearer ";

    private final PortalProperties properties;

    public PortalAuthenticator(PortalProperties properties) {
        this.properties = properties;
    }

    public Optional<Portal> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        Portal found = null;
        for (Portal p : properties.portals()) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(p.tokenSha256()))) {
                found = p;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
