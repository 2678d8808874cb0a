package de.xoevhub.intake;

import org.springframework.http.HttpStatus;

/**
 * The name of a file a portal put in its SFTP outbox. Names that could escape a directory ({@code ..}, {@code /},
 * {@code \}), that hold control characters or that are longer than {@value #MAX_LENGTH} characters are refused
 * before the file is read. {@link #printable()} is the name as the Laufzettel shows it.
 */
record IntakeFileName(String name) {

    static final int MAX_LENGTH = 200;

    /** Why the name is refused, or null when it is acceptable. */
    String refusal() {
        if (name == null || name.isEmpty()) {
            return "the file has no name";
        }
        if (name.length() > MAX_LENGTH) {
            return "the file name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed";
        }
        if (name.contains("..") || name.contains("/") || name.contains("\\")) {
            return "the file name contains a path ('..', '/' or '\\')";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "the file name contains control characters";
        }
        return null;
    }

    SubmissionProblem check() {
        String refusal = refusal();
        return refusal == null ? null : new SubmissionProblem(HttpStatus.UNPROCESSABLE_ENTITY, "file-name-refused",
                "File name refused", refusal);
    }

    /** CMS by its extension ({@code .p7m}), XML otherwise. */
    boolean cms() {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".p7m");
    }

    /** Control characters as {@code ?}, and cut to {@value #MAX_LENGTH} characters. */
    String printable() {
        String shown = name == null ? "" : name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() <= MAX_LENGTH ? shown : shown.substring(0, MAX_LENGTH) + "…";
    }
}
