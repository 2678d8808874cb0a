package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.intake.PortalProperties.Portal;
import java.nio.file.Path;
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
    void twoSftpOutboxesPolledWithOneAccountStopTheStart() {
        Portal x = outbox("x", "t1", "sftp.example", null, "/outbox-x", "hub");
        Portal y = outbox("y", "t2", "SFTP.example", 22, "/outbox-y", "hub");
        assertThatThrownBy(() -> new PortalProperties(List.of(x, A, y)))
                .hasMessageContaining("portals 'x' and 'y' poll their SFTP outboxes with the same account "
                        + "hub@sftp.example:22");
        // an account of its own, or the same user name on another server, is fine
        assertThat(new PortalProperties(List.of(x, outbox("y", "t2", "sftp.example", 22, "/outbox-y", "hub-y"),
                outbox("z", "t1", "sftp.example", 2222, "/outbox-z", "hub"))).portals()).hasSize(3);
    }

    @Test
    void refusesMissingWrongOrNonBearerCredentials() {
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Bearer token-c")).isEmpty();
        assertThat(auth.authenticate("Basic dG9rZW4tYQ==")).isEmpty();
        assertThat(auth.authenticate("Bearer " + hash("token-a"))).as("the stored hash is no token").isEmpty();
    }

    private static Portal outbox(String id, String tenant, String host, Integer port, String path, String user) {
        return new Portal(id, tenant, hash("token-" + id), null, null, false, null, null,
                new PortalProperties.SftpIntake(host, port, path, user, Path.of("client.key"), null,
                        Path.of("known_hosts"), true, null, null));
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(BearerToken.sha256(token));
    }
}
