package de.xoevhub.bench;

import java.util.HashMap;
import java.util.Map;

/** Command-line options of the form {@code --name value}; unknown names fail fast so a typo never runs a bench. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, String... known) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got: " + name);
            }
            values.put(name.substring(2), args[++i]);
        }
        for (String name : values.keySet()) {
            if (!java.util.List.of(known).contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + String.join(", ", known));
            }
        }
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int number(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name).replace("_", "")) : fallback;
    }
}
