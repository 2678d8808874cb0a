package de.xoevhub.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a bundle finds the routing keys in its messages. The default is the XÖV Nachrichtenkopf, in both the
 * qualified and the unqualified base-message namespace; a standard without it (e.g. XRechnung) declares its own
 * paths in its bundle.yaml.
 */
public record MessageKeys(Map<String, KeyPath> paths) {

    public static final String NACHRICHTEN_UUID = "nachrichtenUUID";
    public static final String NACHRICHTENTYP = "nachrichtentyp";
    public static final String LESER = "leser";
    public static final String AUTOR = "autor";
    public static final String TEST = "test";
    /** The document's profile, e.g. an XRechnung CustomizationID; selects Schematron levels. */
    public static final String PROFILE = "profile";
    private static final Set<String> NAMES = Set.of(NACHRICHTEN_UUID, NACHRICHTENTYP, LESER, AUTOR, TEST, PROFILE);

    private static final String KOPF = "/*/*:nachrichtenkopf.g2g";

    /** The XÖV Nachrichtenkopf; {@code *:} matches the qualified and the unqualified base message alike. */
    public static final MessageKeys XOEV = of(Map.of(
            NACHRICHTEN_UUID, KOPF + "/*:identifikation.nachricht/*:nachrichtenUUID",
            NACHRICHTENTYP, KOPF + "/*:identifikation.nachricht/*:nachrichtentyp/*:code",
            LESER, KOPF + "/*:leser/*:kennung",
            AUTOR, KOPF + "/*:autor/*:kennung",
            TEST, "/*/@test"), Map.of());

    /** Keys declared in a descriptor; a key it does not declare is not read. */
    public static MessageKeys of(Map<String, String> declared, Map<String, String> namespaces) {
        Map<String, KeyPath> paths = new LinkedHashMap<>();
        declared.forEach((name, expression) -> {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + name + "'; known: " + NAMES);
            }
            paths.put(name, KeyPath.parse(expression, namespaces));
        });
        return new MessageKeys(Map.copyOf(paths));
    }
}
