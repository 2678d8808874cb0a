package de.xoevhub.admin;

import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchemaRegistry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for the schema registry: what is installed, what failed to load, and a reload without restart
 * (ADMIN only, by the security rules; unscoped and audited, by {@link BundleReload}, as from the console). The
 * actor in the audit log is the console user, or for the admin token its holder, named by {@code X-Hub-Actor}.
 */
@RestController
@RequestMapping("/admin/api/bundles")
class BundleAdminController {

    /** One installed bundle as an admin sees it. */
    record BundleView(String id, String standard, String version, List<String> namespaces, List<String> messageTypes,
                      int schematronRules, String source) {
        static BundleView of(SchemaBundle b) {
            return new BundleView(b.id(), b.standard(), b.version(), b.namespaces(), b.messageTypes(),
                    b.schematrons().size(), b.descriptor().toString());
        }
    }

    /** A bundle that did not load, with its file and reason. */
    record LoadErrorView(String source, String reason) {
    }

    /** The registry's content. */
    record Registry(List<BundleView> bundles, List<LoadErrorView> loadErrors) {
    }

    private final SchemaRegistry registry;
    private final BundleReload reload;

    BundleAdminController(SchemaRegistry registry, BundleReload reload) {
        this.registry = registry;
        this.reload = reload;
    }

    @GetMapping
    Registry list() {
        return view();
    }

    @PostMapping("/reload")
    Registry reload(@RequestHeader(value = "X-Hub-Actor", required = false) String actor) {
        AdminUser user = AdminUser.current();
        reload.run(user, user.actor(actor));
        return view();
    }

    private Registry view() {
        return new Registry(registry.bundles().stream().map(BundleView::of).toList(),
                registry.loadErrors().stream()
                        .map(e -> new LoadErrorView(e.descriptor().toString(), e.reason())).toList());
    }
}
