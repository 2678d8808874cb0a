package de.xoevhub.broker;

import de.xoevhub.delivery.DuplicateCopies;
import de.xoevhub.delivery.PipelineListenerContainer;
import de.xoevhub.spool.LargeMessages;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.ConsumerType;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires the broker: the embedded Artemis (when enabled), one raw connection factory for Camel, and a caching one
 * for the intake's sends. Camel's transacted routes use the listener's own session for their sends (no
 * transaction manager), so taking a message and handing it on commit or roll back together.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "hub.broker.embedded", havingValue = "true", matchIfMissing = true)
    EmbeddedActiveMQ embeddedBroker(BrokerProperties properties) throws Exception {
        return EmbeddedBroker.start(properties);
    }

    @Bean
    ActiveMQConnectionFactory brokerConnectionFactory(BrokerProperties properties,
                                                      ObjectProvider<EmbeddedActiveMQ> embedded) {
        embedded.ifAvailable(b -> { }); // the embedded broker must be up before anyone connects
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(properties.url(), properties.user(),
                properties.password());
        cf.setBlockOnDurableSend(true);
        return cf;
    }

    @Bean
    @Primary
    ConnectionFactory jmsConnectionFactory(@Qualifier("brokerConnectionFactory") ActiveMQConnectionFactory raw) {
        CachingConnectionFactory caching = new CachingConnectionFactory(raw);
        caching.setSessionCacheSize(32);
        caching.setReconnectOnException(true);
        return caching;
    }

    @Bean("jms")
    JmsComponent jmsComponent(@Qualifier("brokerConnectionFactory") ActiveMQConnectionFactory raw,
                              LargeMessages largeMessages, DuplicateCopies duplicateCopies) {
        JmsComponent jms = JmsComponent.jmsComponent(raw);
        // failed listeners and commits are logged there; a pass the broker refused as a duplicate is noted
        jms.getConfiguration().setErrorHandler(duplicateCopies);
        // ... and does not cost the passes beside it their connection
        jms.getConfiguration().setConsumerType(ConsumerType.Custom);
        jms.getConfiguration().setMessageListenerContainerFactory(PipelineListenerContainer::new);
        // spooled content is sent as an Artemis large message, streamed from its file
        jms.getConfiguration().setMessageCreatedStrategy(largeMessages);
        jms.setDeliveryPersistent(true);
        // With a lazily created JmsTransactionManager the consumer's ack and the producer's send would run in two
        // transactions, and a failed send after a committed ack would lose the message.
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        return jms;
    }
}
