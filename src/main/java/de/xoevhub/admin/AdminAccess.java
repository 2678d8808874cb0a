package de.xoevhub.admin;

import de.xoevhub.intake.BearerToken;
import de.xoevhub.intake.SubmissionProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Checks the admin bearer token. Portal tokens are a separate list and never open the admin API. */
@Component
class AdminAccess {

    private final String expected;

    AdminAccess(AdminProperties properties) {
        this.expected = properties.tokenSha256();
    }

    void require(String authorization) {
        boolean ok = BearerToken.digest(authorization).map(d -> BearerToken.matches(d, expected)).orElse(false);
        if (!ok) {
            throw new SubmissionProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "the admin API needs the admin bearer token");
        }
    }
}
