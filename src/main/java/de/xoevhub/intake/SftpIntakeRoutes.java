package de.xoevhub.intake;

import de.xoevhub.intake.PortalProperties.Portal;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Creates one polling route per portal with an SFTP outbox from the route template sftp-intake. */
@Component
class SftpIntakeRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SftpIntakeRoutes.class);
    static final String TEMPLATE = "sftp-intake";

    private final PortalProperties portals;

    SftpIntakeRoutes(PortalProperties portals) {
        this.portals = portals;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // the template is loaded with the route files at start
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (Portal p : portals.portals()) {
            if (p.sftpIntake() == null) {
                continue;
            }
            String routeId = TEMPLATE + "-" + p.id();
            SftpOutbox outbox = new SftpOutbox(p);
            try {
                TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId).parameter("portal", p.id())
                        .parameter("uri", outbox.consumerUri()).parameter("errorUri", outbox.errorUri()).add();
                if (!camel.getRouteController().getRouteStatus(routeId).isStarted()) {
                    camel.getRouteController().startRoute(routeId);
                }
                LOG.info("SFTP intake of portal {}: route {} polls {}:{}{} ({})", p.id(), routeId, p.sftpIntake().host(),
                        p.sftpIntake().port(), p.sftpIntake().path(), p.sftpIntake().doneFile() ? "done-files" : "read lock");
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the SFTP intake route of portal " + p.id(), e);
            }
        }
    }
}
