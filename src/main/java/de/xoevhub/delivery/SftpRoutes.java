package de.xoevhub.delivery;

import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingTable;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates one upload route per SFTP destination from the route template sftp-handover, once Camel has started. Copies
 * left on the handover queue of a destination that is no longer configured go to hub.dlq (admin.RemovedDestinations).
 */
@Component
public class SftpRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SftpRoutes.class);
    static final String TEMPLATE = "sftp-handover";

    private final RoutingTable table;

    public SftpRoutes(RoutingTable table) {
        this.table = table;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // the template is loaded with the route files at start
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (Destination d : table.destinations()) {
            if (!d.isSftp()) {
                continue;
            }
            String routeId = TEMPLATE + "-" + d.id();
            try {
                TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId)
                        .parameter("destination", d.id()).parameter("uri", SftpHandover.uri(d)).add();
                if (!camel.getRouteController().getRouteStatus(routeId).isStarted()) {
                    camel.getRouteController().startRoute(routeId);
                }
                LOG.info("SFTP destination {}: route {} uploads to {}:{}{}", d.id(), routeId, d.sftp().host(),
                        d.sftp().port(), d.sftp().path());
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the upload route for SFTP destination " + d.id(), e);
            }
        }
    }
}
