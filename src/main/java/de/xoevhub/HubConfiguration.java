package de.xoevhub;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared across features. */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
