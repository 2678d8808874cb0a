package de.xoevhub.admin;

import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchemaRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for the schema registry: what is installed, what failed to load, and a reload without restart
 * (ADMIN only, by the security rules).
 */
@RestController
@RequestMapping("/admin/api/bundles")
class BundleAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(BundleAdminController.class);

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

    BundleAdminController(SchemaRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    Registry list() {
        return view();
    }

    @PostMapping("/reload")
    Registry reload() {
        registry.reload();
        LOG.info("schema registry reloaded by admin: {} bundles, {} load errors", registry.bundles().size(),
                registry.loadErrors().size());
        return view();
    }

    private Registry view() {
        return new Registry(registry.bundles().stream().map(BundleView::of).toList(),
                registry.loadErrors().stream()
                        .map(e -> new LoadErrorView(e.descriptor().toString(), e.reason())).toList());
    }
}
