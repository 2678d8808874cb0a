package de.xoevhub.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to the admin API: the hex SHA-256 of the admin bearer token. Without it the admin API is closed.
 * (The admin console with users and roles replaces this with Spring Security.)
 */
@ConfigurationProperties("hub.admin")
public record AdminProperties(String tokenSha256) {
}
