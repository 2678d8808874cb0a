package de.xoevhub.schema;

import java.util.List;

/**
 * The Prüfprotokoll of one validation: the bundle used and every violation found, capped at
 * {@link #MAX_VIOLATIONS} with the true total in {@code violationCount}.
 */
public record ValidationReport(String bundle, List<Violation> violations, int violationCount) {

    public static final int MAX_VIOLATIONS = 100;

    public boolean valid() {
        return violationCount == 0;
    }
}
