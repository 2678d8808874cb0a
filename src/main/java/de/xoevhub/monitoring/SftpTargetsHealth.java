package de.xoevhub.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code sftpDestinations} health component: the last check of each SFTP destination (SftpTargets), UNREACHABLE
 * when one could not be reached. UNREACHABLE is outside the health status order, like the certificates' EXPIRING:
 * the hub keeps accepting and retries the handovers, so its own health stays UP, and readiness ignores it.
 */
@Component("sftpDestinations")
public class SftpTargetsHealth implements HealthIndicator {

    public static final Status UNREACHABLE = new Status("UNREACHABLE", "an SFTP destination cannot be reached");

    private final SftpTargets targets;

    public SftpTargetsHealth(SftpTargets targets) {
        this.targets = targets;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean unreachable = false;
        boolean unchecked = false;
        for (var d : targets.destinations()) {
            var check = targets.last(d.id());
            Map<String, Object> detail = new LinkedHashMap<>();
            if (check.isEmpty()) {
                unchecked = true;
                detail.put("status", Status.UNKNOWN.getCode());
            } else {
                unreachable |= !check.get().reachable();
                detail.put("status", check.get().reachable() ? Status.UP.getCode() : UNREACHABLE.getCode());
                detail.put("target", check.get().target());
                detail.put("checkedAt", check.get().at().toString());
                if (check.get().problem() != null) {
                    detail.put("problem", check.get().problem());
                }
            }
            details.put(d.id(), detail);
        }
        Status status = unreachable ? UNREACHABLE : unchecked ? Status.UNKNOWN : Status.UP;
        return Health.status(status).withDetails(details).build();
    }
}
