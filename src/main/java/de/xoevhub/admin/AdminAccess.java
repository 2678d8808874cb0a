package de.xoevhub.admin;

import de.xoevhub.intake.BearerToken;
import org.springframework.stereotype.Component;

/** Checks the admin bearer token. Portal tokens are a separate list and never open the admin API. */
@Component
class AdminAccess {

    private final String expected;

    AdminAccess(AdminProperties properties) {
        this.expected = properties.tokenSha256();
    }

    /** True if the header carries a bearer token at all. */
    static boolean presentsToken(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    boolean accepts(String authorization) {
        return BearerToken.digest(authorization).map(d -> BearerToken.matches(d, expected)).orElse(false);
    }
}
