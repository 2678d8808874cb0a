package de.xoevhub.delivery;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Global error handling for the pipeline routes, written once: retry with exponential backoff, then record the
 * failure and move the message to hub.dlq within the same JMS transaction.
 */
@Component
public class PipelineErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "pipeline-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                .maximumRedeliveries("{{hub.pipeline.retries}}")
                .redeliveryDelay("{{hub.pipeline.retry-delay-ms}}")
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(60_000)
                .handled(true)
                .bean("failures", "record")
                .to("jms:queue:hub.dlq");
    }
}
