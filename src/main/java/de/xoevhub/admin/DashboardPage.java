package de.xoevhub.admin;

import de.xoevhub.monitoring.SftpTargets;
import de.xoevhub.seal.CertificateExpiry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: messages per tenant, standard and state in the last hour and 24 hours, sparklines of
 * throughput and time to delivery; and, for accounts without a tenant scope, the health of the hub's parts and of
 * each SFTP destination, the queue depths and the certificates that expire within 30 days.
 */
@Controller
class DashboardPage {

    /** Counts of one tenant and standard, by state. */
    record StateRow(String tenant, String standard, Map<String, Long> byState, long total) {
    }

    /** The counts of one period as a table: its states (columns) and rows. */
    record StateTable(String period, List<String> states, List<StateRow> rows) {
    }

    /** A certificate as the dashboard lists it. */
    record Expiring(String role, String owner, String subject, String serial, String notAfter, long daysLeft) {
    }

    /** An SFTP destination and its last reachability check (null before the first). */
    record SftpTarget(String destination, SftpTargets.Check check) {
    }

    private final MessageCounts counts;
    private final QueueDepths depths;
    private final CertificateExpiry certificates;
    private final HealthEndpoint health;
    private final TrafficHistory traffic;
    private final SftpTargets sftp;

    DashboardPage(MessageCounts counts, QueueDepths depths, CertificateExpiry certificates, HealthEndpoint health,
                  TrafficHistory traffic, SftpTargets sftp) {
        this.counts = counts;
        this.depths = depths;
        this.certificates = certificates;
        this.health = health;
        this.traffic = traffic;
        this.sftp = sftp;
    }

    @GetMapping({"/admin", "/admin/"})
    String dashboard(Model model) {
        AdminUser user = AdminUser.current();
        model.addAttribute("tables", List.of(table("last hour", Duration.ofHours(1), user),
                table("last 24 hours", Duration.ofHours(24), user)));
        model.addAttribute("sparklines", traffic.last24Hours(user.tenants()));
        if (!user.scoped()) {
            model.addAttribute("queues", depths.all().orElse(null));
            model.addAttribute("certificates", certificates.expiringSoon().stream()
                    .map(w -> new Expiring(w.role(), w.owner(), w.subject(), w.serial(), w.notAfter().toString(),
                            certificates.daysLeft(w)))
                    .toList());
            HealthComponent h = health.health();
            Map<String, String> parts = new LinkedHashMap<>();
            if (h instanceof CompositeHealth c) {
                c.getComponents().forEach((name, part) -> parts.put(name, part.getStatus().getCode()));
            }
            model.addAttribute("healthStatus", h.getStatus().getCode());
            model.addAttribute("health", parts);
            model.addAttribute("sftpTargets", sftp.destinations().stream()
                    .map(d -> new SftpTarget(d.id(), sftp.last(d.id()).orElse(null))).toList());
        }
        return "admin/dashboard";
    }

    private StateTable table(String period, Duration duration, AdminUser user) {
        Map<String, Map<String, Long>> grouped = new TreeMap<>();
        TreeSet<String> states = new TreeSet<>();
        for (MessageCounts.Count c : counts.since(duration, user.tenants())) {
            states.add(c.state());
            grouped.computeIfAbsent(c.tenant() + "\u0000" + (c.standard() == null ? "–" : c.standard()),
                    k -> new TreeMap<>()).merge(c.state(), c.messages(), Long::sum);
        }
        List<StateRow> rows = grouped.entrySet().stream().map(e -> {
            String[] key = e.getKey().split("\u0000", 2);
            return new StateRow(key[0], key[1], e.getValue(), e.getValue().values().stream().mapToLong(x -> x).sum());
        }).toList();
        return new StateTable(period, List.copyOf(states), rows);
    }
}
