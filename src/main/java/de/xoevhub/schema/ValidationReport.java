package de.xoevhub.schema;

import java.util.List;

/**
 * The Prüfprotokoll of one validation: the bundle used, every XSD violation (capped at {@link #MAX_VIOLATIONS},
 * with the true total in {@code violationCount}), and the Schematron findings. Warnings do not reject; XSD
 * violations and Schematron errors do.
 */
public record ValidationReport(String bundle, List<Violation> violations, int violationCount,
                               List<SchematronFinding> findings) {

    public static final int MAX_VIOLATIONS = 100;

    public boolean valid() {
        return violationCount == 0 && findings.stream().noneMatch(SchematronFinding::isError);
    }

    public long schematronErrors() {
        return findings.stream().filter(SchematronFinding::isError).count();
    }
}
