package de.xoevhub.admin;

import de.xoevhub.intake.SubmissionProblem;
import de.xoevhub.monitoring.SftpTargets;
import de.xoevhub.routing.RoutingProperties;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.seal.CertificateExpiry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The configuration views: the routing table (rules in their order, destinations with their seal, target, the
 * certificates they are encrypted for and, for SFTP, the last reachability check), and the dry-run of a document
 * against validation and routing. A tenant-scoped account sees its tenants' rules and destinations only.
 */
@Controller
class ConfigurationPage {

    /** A destination as the console lists it: no key files or passwords, only where it goes. */
    record DestinationView(String id, String tenant, String type, String seal, String target,
                           List<CertificateView> certificates, SftpTargets.Check check) {
    }

    /** A certificate a destination's copies are encrypted for. */
    record CertificateView(String subject, String serial, String notAfter, long daysLeft) {
    }

    private final RoutingProperties routing;
    private final CertificateExpiry certificates;
    private final SftpTargets sftp;
    private final DryRunController dryRun;

    ConfigurationPage(RoutingProperties routing, CertificateExpiry certificates, SftpTargets sftp,
                      DryRunController dryRun) {
        this.routing = routing;
        this.certificates = certificates;
        this.sftp = sftp;
        this.dryRun = dryRun;
    }

    @GetMapping("/admin/routing")
    String routing(Model model) {
        AdminUser user = AdminUser.current();
        model.addAttribute("rules", routing.rules().stream().filter(r -> user.sees(r.tenant())).toList());
        model.addAttribute("destinations", routing.destinations().stream().filter(d -> user.sees(d.tenant()))
                .map(this::view).toList());
        return "admin/routing";
    }

    @GetMapping("/admin/dry-run")
    String form(Model model) {
        model.addAttribute("tenants", tenants(AdminUser.current()));
        return "admin/dry-run";
    }

    @PostMapping("/admin/dry-run")
    String run(@RequestParam String tenant, @RequestParam String document, Model model) throws IOException {
        model.addAttribute("tenants", tenants(AdminUser.current()));
        model.addAttribute("tenant", tenant);
        model.addAttribute("document", document);
        try {
            model.addAttribute("result", dryRun.run(tenant, document.getBytes(StandardCharsets.UTF_8)));
        } catch (SubmissionProblem e) {
            model.addAttribute("error", e.title() + ": " + e.getMessage());
        }
        return "admin/dry-run";
    }

    private List<String> tenants(AdminUser user) {
        TreeSet<String> all = new TreeSet<>();
        routing.rules().forEach(r -> all.add(r.tenant()));
        routing.destinations().forEach(d -> all.add(d.tenant()));
        return all.stream().filter(user::sees).toList();
    }

    private DestinationView view(Destination d) {
        String target = d.isSftp()
                ? "sftp://" + d.sftp().user() + "@" + d.sftp().host() + ":" + d.sftp().port() + "/"
                        + d.sftp().path().replaceFirst("^/+", "") + (d.isDms() ? " (xdomea package)" : "")
                : "queue fv." + d.id();
        List<CertificateView> certs = certificates.all().stream()
                .filter(w -> w.role().equals("recipient") && w.owner().equals(d.id()))
                .map(w -> new CertificateView(w.subject(), w.serial(), w.notAfter().toString(),
                        certificates.daysLeft(w)))
                .toList();
        return new DestinationView(d.id(), d.tenant(), d.type() == null ? "queue" : d.type(), d.seal().mode(), target,
                certs, d.isSftp() ? sftp.last(d.id()).orElse(null) : null);
    }
}
