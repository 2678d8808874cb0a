package de.xoevhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/** Codes in rules must be quoted: Spring's YAML loading turns unquoted ones into numbers. */
class UnquotedCodesTest {

    private static final String UNQUOTED = """
            hub:
              routing:
                rules:
                  - name: wohngeld
                    tenant: musterstadt
                    standard: XWohngeld
                    version: 1.10
                    nachrichtentyp: 0001
                    destinations: [wohngeld]
                  - name: bau
                    tenant: musterstadt
                    nachrichtentyp: 0010
                    leser: yes
                    destinations: [bau]
            """;

    private static final String QUOTED = """
            hub:
              routing:
                rules:
                  - name: wohngeld
                    tenant: musterstadt
                    standard: XWohngeld
                    version: "1.10"
                    nachrichtentyp: "0001"
                    leser: "ags:09*"
                    destinations: [wohngeld]
            """;

    @Test
    void springsYamlLoadingManglesUnquotedCodes() throws Exception {
        var rules = Binder.get(environment(UNQUOTED)).bind("hub.routing", RoutingProperties.class).get().rules();
        assertThat(rules.get(0).version()).isEqualTo("1.1");
        assertThat(rules.get(0).nachrichtentyp()).isEqualTo("1");
        assertThat(rules.get(1).nachrichtentyp()).as("octal").isEqualTo("8");
        assertThat(rules.get(1).leser()).isEqualTo("true");
    }

    @Test
    void unquotedNumbersAndBooleansStopTheStartNamingEach() throws Exception {
        assertThatThrownBy(() -> UnquotedCodes.check(environment(UNQUOTED)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in quotes")
                .hasMessageContaining("hub.routing.rules[0].version = 1.1")
                .hasMessageContaining("hub.routing.rules[0].nachrichtentyp = 1 (")
                .hasMessageContaining("hub.routing.rules[1].nachrichtentyp = 8")
                .hasMessageContaining("hub.routing.rules[1].leser = true")
                .message().doesNotContain("standard", "tenant", ".name");
    }

    @Test
    void quotedCodesPass() throws Exception {
        var environment = environment(QUOTED);
        assertThatCode(() -> UnquotedCodes.check(environment)).doesNotThrowAnyException();
        var rule = Binder.get(environment).bind("hub.routing", RoutingProperties.class).get().rules().get(0);
        assertThat(rule.version()).isEqualTo("1.10");
        assertThat(rule.nachrichtentyp()).isEqualTo("0001");
    }

    @Test
    void onlyTheRulesThatAreBoundAreChecked() throws Exception {
        // a list comes whole from the first source that has it: the unquoted one below is overridden
        var environment = environment(UNQUOTED);
        environment.getPropertySources().addFirst(new YamlPropertySourceLoader()
                .load("override", new ByteArrayResource(QUOTED.getBytes(StandardCharsets.UTF_8))).get(0));
        assertThatCode(() -> UnquotedCodes.check(environment)).doesNotThrowAnyException();
    }

    private static StandardEnvironment environment(String yaml) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("routing.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addLast);
        ConfigurationPropertySources.attach(environment);
        return environment;
    }
}
