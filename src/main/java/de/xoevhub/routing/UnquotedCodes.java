package de.xoevhub.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Match values of routing rules written without quotes that YAML reads as numbers or booleans. Spring's YAML loading
 * reads {@code nachrichtentyp: 0001} as the octal number 1, {@code 0010} as 8, {@code version: 1.10} as 1.1 and
 * {@code leser: yes} as true, and binds the rule to that text, so the rule silently never matches. Once parsed the
 * written text is gone and a harmless {@code 2.6} cannot be told from a mangled {@code 1.10}, so every such value
 * stops the start, asking for quotes, instead of guessing which codes look wrong.
 */
public class UnquotedCodes implements EnvironmentPostProcessor, Ordered {

    private static final ConfigurationPropertyName RULES = ConfigurationPropertyName.of("hub.routing.rules");
    private static final Set<String> MATCH_FIELDS =
            Set.of("tenant", "standard", "version", "nachrichtentyp", "leser", "autor");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 2;
    }

    /** Stops the start when a rule's match value is not a string where the rules are defined. */
    static void check(ConfigurableEnvironment environment) {
        List<String> unquoted = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.containsDescendantOf(RULES) != ConfigurationPropertyState.PRESENT) {
                continue;
            }
            // as when binding, the list comes whole from the first source that has it
            if (source instanceof IterableConfigurationPropertySource names) {
                names.filter(RULES::isAncestorOf).filter(UnquotedCodes::isMatchField).forEach(name -> {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    if (property.getValue() instanceof Number || property.getValue() instanceof Boolean) {
                        unquoted.add(name + " = " + property.getValue()
                                + (property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")"));
                    }
                });
            }
            break;
        }
        if (!unquoted.isEmpty()) {
            throw new IllegalStateException("hub.routing: put these rule values in quotes (nachrichtentyp: \"0001\"):"
                    + " unquoted, YAML reads them as numbers or booleans and the rule would compare their text"
                    + " (0001 as 1, 0010 as 8, 1.10 as 1.1, yes as true): " + String.join("; ", unquoted));
        }
    }

    /** hub.routing.rules[i].field for a field matched against messages. */
    private static boolean isMatchField(ConfigurationPropertyName name) {
        return name.getNumberOfElements() == RULES.getNumberOfElements() + 2
                && name.isNumericIndex(RULES.getNumberOfElements())
                && MATCH_FIELDS.contains(name.getLastElement(Form.UNIFORM));
    }
}
