package de.xoevhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the xoev-hub virtual post office. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XoevHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(XoevHubApplication.class, args);
    }
}
