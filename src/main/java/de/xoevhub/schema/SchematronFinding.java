package de.xoevhub.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;

/**
 * One failed assert or successful report of a Schematron run: the rule's id (e.g. {@code BR-DE-15}; null when
 * the rule has none), its severity ("error" or "warning"), the XPath of the node it fired on, and its message.
 */
public record SchematronFinding(String ruleId, String flag, String location, String text) {

    public static final String ERROR = "error";
    public static final String WARNING = "warning";

    public SchematronFinding {
        flag = severity(flag);
    }

    /** A finding from the SVRL attributes; @flag wins over @role, as EN 16931 and XRechnung both use @flag. */
    static SchematronFinding of(String id, String flag, String role, String location, String text) {
        String severity = isKnown(flag) ? flag : isKnown(role) ? role : flag;
        return new SchematronFinding(blankToNull(id), severity, location,
                text == null ? "" : text.strip().replaceAll("\\s+", " "));
    }

    public boolean isError() {
        return ERROR.equals(flag);
    }

    /**
     * Maps the many spellings of rule authors onto two severities. Anything unknown or missing counts as an
     * error: a rule that forgot its flag must not let an invalid invoice through.
     */
    static String severity(String flagOrRole) {
        if (flagOrRole == null) {
            return ERROR;
        }
        return switch (flagOrRole.strip().toLowerCase(Locale.ROOT)) {
            case "warning", "warn", "information", "info" -> WARNING;
            default -> ERROR;
        };
    }

    private static boolean isKnown(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "fatal", "error", "warning", "warn", "information", "info" -> true;
            default -> false;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Collects failed asserts and successful reports from the SVRL stream, with their own svrl:text only. */
    static final class SvrlReader extends DefaultHandler {
        private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
        private final List<SchematronFinding> list = new ArrayList<>();
        private Attributes finding;
        private int depth;
        private boolean inText;
        private final StringBuilder text = new StringBuilder();

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            if (finding != null) {
                depth++;
                inText |= depth == 1 && SVRL.equals(uri) && "text".equals(local);
            } else if (SVRL.equals(uri) && ("failed-assert".equals(local) || "successful-report".equals(local))) {
                finding = new AttributesImpl(atts);
                depth = 0;
                text.setLength(0);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (finding == null) {
                return;
            }
            if (depth == 0) {
                list.add(of(finding.getValue("id"), finding.getValue("flag"),
                        finding.getValue("role"), finding.getValue("location"), text.toString()));
                finding = null;
            } else {
                if (depth == 1) {
                    inText = false;
                }
                depth--;
            }
        }

        List<SchematronFinding> findings() {
            return List.copyOf(list);
        }
    }
}
