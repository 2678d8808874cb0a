package de.xoevhub.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The portals allowed to post submissions. Only the SHA-256 of each bearer token is configured, never the token.
 */
@Validated
@ConfigurationProperties("hub")
public record PortalProperties(@Valid List<Portal> portals) {

    public PortalProperties {
        portals = portals == null ? List.of() : List.copyOf(portals);
    }

    /**
     * A portal: its id, the tenant (Mandant) it belongs to, the hex SHA-256 of its bearer token and, optionally, a
     * callback URL for status notices with the secret their HMAC is keyed with (set it from the environment).
     */
    public record Portal(@NotBlank String id, @NotBlank String tenant,
                         @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
                         String tokenSha256,
                         URI callbackUrl, String callbackSecret) {
    }
}
