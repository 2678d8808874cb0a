package de.xoevhub.schema;

import java.util.List;
import java.util.Set;

/**
 * A bundle's override of Schematron flags, as KoSIT's validator configuration does with its customLevel: for
 * documents of a profile (or all, when {@code profile} is null), the named rules report at {@code level}. An
 * XRechnung profile that replaces a CEN rule by its own lowers the CEN rule to a warning this way.
 */
public record SchematronLevel(String profile, String level, Set<String> rules) {

    public SchematronLevel {
        if (!SchematronFinding.ERROR.equals(level) && !SchematronFinding.WARNING.equals(level)) {
            throw new IllegalArgumentException("schematron level must be 'error' or 'warning', not '" + level + "'");
        }
        rules = Set.copyOf(rules);
    }

    /** The findings with every override that applies to a document of this profile. */
    static List<SchematronFinding> apply(List<SchematronLevel> levels, String profile, List<SchematronFinding> in) {
        return in.stream().map(f -> levels.stream()
                        .filter(l -> (l.profile == null || l.profile.equals(profile)) && l.rules.contains(f.ruleId()))
                        .findFirst()
                        .map(l -> new SchematronFinding(f.ruleId(), l.level, f.location(), f.text()))
                        .orElse(f))
                .toList();
    }
}
