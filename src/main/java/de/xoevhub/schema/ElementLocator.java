package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Finds the element path, e.g. {@code /antrag/antragsteller[2]/name}, of each validation error from its line and
 * column. It runs only for invalid documents, in a second StAX pass, so valid documents never pay for paths.
 * The validator reports an error at the end of the start or end tag it concerns; so does StAX.
 */
final class ElementLocator {

    /** An error as the validator reported it. */
    record Position(int line, int column, String message) {
    }

    private ElementLocator() {
    }

    static List<Violation> locate(Content document, List<Position> errors) {
        List<Violation> out = new ArrayList<>(errors.size());
        List<String> steps = new ArrayList<>();
        List<Map<String, Integer>> siblings = new ArrayList<>(List.of(new HashMap<>()));
        int next = 0;
        try (InputStream in = document.open()) {
            XMLStreamReader r = HardenedXml.stax().createXMLStreamReader(in);
            while (r.hasNext() && next < errors.size()) {
                int event = r.next();
                if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                    continue;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    int n = siblings.get(siblings.size() - 1).merge(r.getLocalName(), 1, Integer::sum);
                    steps.add(n == 1 ? r.getLocalName() : r.getLocalName() + "[" + n + "]");
                    siblings.add(new HashMap<>());
                }
                String path = "/" + String.join("/", steps);
                int line = r.getLocation().getLineNumber();
                int column = r.getLocation().getColumnNumber();
                while (next < errors.size() && before(errors.get(next), line, column)) {
                    Position e = errors.get(next++);
                    out.add(new Violation(e.line(), e.column(), path, e.message()));
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    steps.remove(steps.size() - 1);
                    siblings.remove(siblings.size() - 1);
                }
            }
            r.close();
        } catch (XMLStreamException | IOException e) {
            // the validator already read the whole document, so this cannot happen; report without paths
        }
        for (int i = next; i < errors.size(); i++) {
            Position e = errors.get(i);
            out.add(new Violation(e.line(), e.column(), null, e.message()));
        }
        return out;
    }

    private static boolean before(Position e, int line, int column) {
        return e.line() < line || (e.line() == line && e.column() <= column);
    }
}
