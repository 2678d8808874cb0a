package de.xoevhub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A bad routing table stops the start, and the failure says what is wrong. */
class RoutingConfigurationTest {

    @Configuration
    @EnableConfigurationProperties(RoutingProperties.class)
    @Import(RoutingTable.class)
    static class Routing {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Routing.class);

    @Test
    void validTableStarts() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.destinations[0].type=queue", "hub.routing.destinations[0].seal.mode=off",
                        "hub.routing.rules[0].name=all",
                        "hub.routing.rules[0].tenant=demo",
                        "hub.routing.rules[0].destinations[0]=demo")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(RoutingTable.class));
    }

    @Test
    void tableWithoutRulesFailsAskingForAnExplicitEmptyList() {
        // e.g. an empty file, or "rules:" misspelt: the hub would quarantine every message without anyone deciding so
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.destinations[0].type=queue", "hub.routing.destinations[0].seal.mode=off")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.rules")
                        .hasMessageContaining("rules: []"));
    }

    @Test
    void explicitlyEmptyRulesStartAHubThatQuarantinesEverything() {
        // "rules: []" in YAML is the property hub.routing.rules with an empty value
        runner.withPropertyValues("hub.routing.rules=")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(RoutingTable.class)
                            .route(new RoutingKey("demo", "XoevHubDemo", "1.0", "0001", null, null))).isEmpty();
                });
    }

    @Test
    void destinationWithoutSealFailsAskingForAnExplicitChoice() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.destinations[0].seal")
                        .hasMessageContaining("mode off"));
    }

    @Test
    void unknownSealModeFails() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.destinations[0].seal.mode=des")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.destinations[0].seal.mode")
                        .hasMessageContaining("aes-256-gcm, aes-256-cbc or off"));
    }

    @Test
    void invalidDestinationIdFailsWithTheFieldAndReason() {
        runner.withPropertyValues("hub.routing.destinations[0].id=Demo Queue", "hub.routing.destinations[0].tenant=demo")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.destinations[0].id")
                        .hasMessageContaining("lower-case"));
    }

    @Test
    void misspeltKeyFailsInsteadOfWideningTheRule() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.destinations[0].seal.mode=off",
                        "hub.routing.rules[0].name=r", "hub.routing.rules[0].tenant=demo",
                        "hub.routing.rules[0].lesr=ags:09*", "hub.routing.rules[0].destinations[0]=demo")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.rules[0].lesr"));
    }

    @Test
    void ruleWithoutExactTenantFails() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.rules[0].name=r", "hub.routing.rules[0].tenant=de*",
                        "hub.routing.rules[0].destinations[0]=demo")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.rules[0].tenant"));
    }

    @Test
    void starOutsideTheEndOfAValueFailsInsteadOfNeverMatching() {
        for (String pattern : new String[] {"ags:09*00", "*:09000009", "ags:**"}) {
            runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                            "hub.routing.destinations[0].seal.mode=off",
                            "hub.routing.rules[0].name=r", "hub.routing.rules[0].tenant=demo",
                            "hub.routing.rules[0].leser=" + pattern, "hub.routing.rules[0].destinations[0]=demo")
                    .run(ctx -> assertThat(ctx).as(pattern).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("hub.routing.rules[0].leser")
                            .hasMessageContaining("'*' may only end the value"));
        }
    }

    @Test
    void prefixAndBareStarAreAccepted() {
        runner.withPropertyValues("hub.routing.destinations[0].id=demo", "hub.routing.destinations[0].tenant=demo",
                        "hub.routing.destinations[0].seal.mode=off",
                        "hub.routing.rules[0].name=r", "hub.routing.rules[0].tenant=demo",
                        "hub.routing.rules[0].standard=Xoev*", "hub.routing.rules[0].version=*",
                        "hub.routing.rules[0].nachrichtentyp=0001", "hub.routing.rules[0].leser=ags:09*",
                        "hub.routing.rules[0].autor=*", "hub.routing.rules[0].destinations[0]=demo")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void ruleWithoutDestinationsFails() {
        runner.withPropertyValues("hub.routing.rules[0].name=leer")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("hub.routing.rules[0].destinations"));
    }

    @Test
    void unknownDestinationFailsNamingIt() {
        runner.withPropertyValues("hub.routing.rules[0].name=r", "hub.routing.rules[0].tenant=demo",
                        "hub.routing.rules[0].destinations[0]=fehlt")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("unknown destination 'fehlt'"));
    }
}
