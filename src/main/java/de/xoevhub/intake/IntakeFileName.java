package de.xoevhub.intake;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * The name of a file a portal put in its SFTP outbox, or of an attachment. Names that could escape a directory
 * ({@code ..}, {@code /}, {@code \}), that hold control characters or characters XML 1.0 does not allow, or that are
 * longer than {@value #MAX_LENGTH} characters are refused before the file is read; an attachment's name also when it
 * holds a character Windows does not allow in file names. {@link #printable()} is the name as the Laufzettel shows it,
 * {@link #reasonFile} the name of the reason file beside a refused one.
 */
record IntakeFileName(String name) {

    static final int MAX_LENGTH = 200;
    /** The longest file name (in UTF-8 bytes) that common SFTP servers' file systems allow. */
    static final int MAX_BYTES = 255;
    private static final String REASON = ".reason.txt";
    static final String NOT_ON_WINDOWS = ":*?\"<>|";

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
        int notXml = name.codePoints().filter(c -> !xmlChar(c)).findFirst().orElse(-1);
        if (notXml >= 0) {
            // e.g. U+FFFE sent as filename*=UTF-8''%EF%BF%BE, or half a surrogate pair: an attachment's name goes
            // into the xdomea message (Betreff, Dateiname, DateinameOriginal), and no XML may hold it
            return String.format("the file name contains U+%04X, which is not a character XML 1.0 allows", notXml);
        }
        return null;
    }

    /**
     * Why the name is refused as an attachment's, or null. Besides {@link #refusal()}: the characters Windows does
     * not allow in file names ({@value #NOT_ON_WINDOWS}), as the name becomes a ZIP entry of the container and of
     * the xdomea package, which a DMS on Windows unpacks (where {@code a:b.pdf} even names a hidden stream of
     * {@code a}).
     */
    String attachmentRefusal() {
        String refusal = refusal();
        if (refusal != null) {
            return refusal;
        }
        for (char c : NOT_ON_WINDOWS.toCharArray()) {
            if (name.indexOf(c) >= 0) {
                return "the file name contains '" + c + "', which Windows does not allow in file names "
                        + "(: * ? \" < > |)";
            }
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

    /** Control characters and those XML does not allow as {@code ?}, and cut to {@value #MAX_LENGTH} characters. */
    String printable() {
        String shown = name == null ? "" : name.codePoints()
                .map(c -> Character.isISOControl(c) || !xmlChar(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() <= MAX_LENGTH ? shown : shown.substring(0, MAX_LENGTH) + "…";
    }

    /**
     * The name of the reason file in {@code .error/}: {@code <name>.reason.txt}, or, where that would be longer than
     * {@value #MAX_BYTES} bytes (the file's own name always fits), the start of the name, {@code ~} and the submission
     * id: {@code <start of name>~<id>.reason.txt}. Either way it sorts beside the file, and the id is in the ledger.
     */
    String reasonFile(String id) {
        String whole = (name == null ? "" : name) + REASON;
        if (bytes(whole) <= MAX_BYTES) {
            return whole;
        }
        String tail = "~" + id + REASON;
        int room = MAX_BYTES - bytes(tail);
        StringBuilder start = new StringBuilder();
        int used = 0;
        for (int c : name.codePoints().toArray()) {
            used += bytes(Character.toString(c));
            if (used > room) {
                break;
            }
            start.appendCodePoint(c);
        }
        return start + tail;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A Char of XML 1.0 (2.2): no surrogate on its own, no U+FFFE or U+FFFF, no C0 control but TAB, LF and CR. */
    private static boolean xmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}
