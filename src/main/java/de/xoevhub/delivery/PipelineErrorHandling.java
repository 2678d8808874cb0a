package de.xoevhub.delivery;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Global error handling for the pipeline routes, written once: record the failed attempt, then roll back the
 * whole JMS transaction. Nothing the attempt sent is committed; the broker redelivers with exponential backoff
 * and, after its last attempt, moves the message to hub.dlq.
 */
@Component
public class PipelineErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "pipeline-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                .bean("failures", "record")
                .markRollbackOnly();
    }
}
