package de.xoevhub.schema;

/** The document is not well-formed XML, or breaks one of the hardened parser's rules. */
public class MalformedXmlException extends RuntimeException {

    /** Why the parser refused the document. */
    public enum Kind { MALFORMED, DOCTYPE_FORBIDDEN, LIMIT_EXCEEDED }

    private final Kind kind;
    private final int line;
    private final int column;

    public MalformedXmlException(Kind kind, String message, int line, int column) {
        super(message);
        this.kind = kind;
        this.line = line;
        this.column = column;
    }

    static MalformedXmlException classify(String message, int line, int column) {
        String text = message == null ? "unreadable XML" : message;
        Kind kind = Kind.MALFORMED;
        if (text.contains("DOCTYPE") || text.contains("DTD")) {
            kind = Kind.DOCTYPE_FORBIDDEN;
        } else if (text.contains("JAXP000")) {
            kind = Kind.LIMIT_EXCEEDED;
        }
        return new MalformedXmlException(kind, text, line, column);
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
