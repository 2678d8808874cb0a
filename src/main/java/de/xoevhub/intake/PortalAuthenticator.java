package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Finds the portal for a bearer token; every configured portal is compared, so timing tells nothing. */
@Component
public class PortalAuthenticator {

    private final PortalProperties properties;

    public PortalAuthenticator(PortalProperties properties) {
        this.properties = properties;
    }

    public Optional<Portal> authenticate(String authorization) {
        return BearerToken.digest(authorization).flatMap(presented -> {
            Portal found = null;
            for (Portal p : properties.portals()) {
                if (BearerToken.matches(presented, p.tokenSha256())) {
                    found = p;
                }
            }
            return Optional.ofNullable(found);
        });
    }
}
