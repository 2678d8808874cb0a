package de.xoevhub.routing;

/** What a message is routed by. */
public record RoutingKey(String tenant, String standard, String version, String nachrichtentyp, String leser,
                         String autor) {
}
