package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.intake.PortalProperties.Portal;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortalAuthenticatorTest {

    private static final Portal A = new Portal("a", "t1", hash("token-a"), null, null, false, null, null, null);
    private static final Portal B = new Portal("b", "t2", hash("token-b"), null, null, false, null, null, null);
    private final PortalAuthenticator auth = new PortalAuthenticator(new PortalProperties(List.of(A, B)));

    @Test
    void findsThePortalOfABearerToken() {
        assertThat(auth.authenticate("Bearer token-b")).contains(B);
        assertThat(auth.authenticate("bearer token-a")).contains(A);
    }

    @Test
    void twoPortalsWithOneIdOrOneTokenStopTheStart() {
        Portal sameId = new Portal("a", "t2", hash("token-c"), null, null, false, null, null, null);
        assertThatThrownBy(() -> new PortalProperties(List.of(A, B, sameId)))
                .hasMessageContaining("two portals have the id 'a'");
        Portal sameToken = new Portal("c", "t2", hash("token-b"), null, null, false, null, null, null);
        assertThatThrownBy(() -> new PortalProperties(List.of(A, B, sameToken)))
                .hasMessageContaining("portal 'c' has the token of another portal");
    }

    @Test
    void refusesMissingWrongOrNonBearerCredentials() {
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Bearer token-c")).isEmpty();
        assertThat(auth.authenticate("Basic dG9rZW4tYQ==")).isEmpty();
        assertThat(auth.authenticate("Bearer " + hash("token-a"))).as("the stored hash is no token").isEmpty();
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(BearerToken.sha256(token));
    }
}
