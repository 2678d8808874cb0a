package de.xoevhub.acknowledgement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.acknowledgement.Acknowledgement.Outcome;
import de.xoevhub.schema.HeadReader;
import de.xoevhub.schema.KeyPath;
import de.xoevhub.schema.MalformedXmlException;
import de.xoevhub.schema.MessageHead;
import de.xoevhub.schema.MessageKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Reads an acknowledgement from a message on hub.receipts, in any of three forms a Fachverfahren may send:
 * <ul>
 *   <li>message properties: {@code hubMessageId} or {@code nachrichtenUUID}, {@code outcome} ({@code accepted} or
 *   {@code rejected}, default accepted), optional {@code aktenzeichen}, {@code text}, {@code hubDestination};</li>
 *   <li>a JSON body with the same members;</li>
 *   <li>an XÖV receipt (e.g. {@code administration.quittung.0020}): its Nachrichtenkopf's {@code referenzUUID} names
 *   the acknowledged message; {@code outcome} may still come as a property.</li>
 * </ul>
 * Properties win over the body. Nothing here throws: what cannot be understood becomes an invalid acknowledgement.
 */
@Component
public class AcknowledgementReader {

    static final int MAX_BODY = 1 << 20;
    private static final int MAX_FIELD = 200;
    /**
     * A destination id has at most 63 characters (RoutingProperties), and the acknowledgement table keeps 64: a longer
     * one is refused here, with a stated reason, instead of failing the insert on every attempt.
     */
    private static final int MAX_DESTINATION = 64;
    private static final MessageKeys REFERENCE = new MessageKeys(Map.of(MessageKeys.NACHRICHTEN_UUID,
            KeyPath.parse("/*/*:nachrichtenkopf.g2g/*:referenzUUID", Map.of())));

    private final HeadReader heads;
    private final ObjectMapper json;

    public AcknowledgementReader(HeadReader heads, ObjectMapper json) {
        this.heads = heads;
        this.json = json;
    }

    public Acknowledgement read(Function<String, String> property, byte[] body) {
        try {
            Fields fields = new Fields(property);
            if (body != null && body.length > MAX_BODY) {
                return Acknowledgement.invalid("body larger than " + MAX_BODY + " bytes");
            }
            String start = body == null ? "" : new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8)
                    .stripLeading();
            if (start.startsWith("{")) {
                fields.json(json.readTree(body));
            } else if (start.startsWith("<")) {
                MessageHead head = heads.read(body, REFERENCE);
                fields.fallback("nachrichtenUUID", head.nachrichtenUUID());
                fields.fallback("text", "XÖV receipt " + head.rootName());
            }
            return fields.acknowledgement();
        } catch (MalformedXmlException | IOException | IllegalArgumentException e) {
            return Acknowledgement.invalid(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The members of an acknowledgement, from properties first and then the body. */
    private static final class Fields {
        private final Function<String, String> property;
        private final java.util.HashMap<String, String> body = new java.util.HashMap<>();

        Fields(Function<String, String> property) {
            this.property = property;
        }

        void json(JsonNode node) {
            for (String name : new String[] {"hubMessageId", "nachrichtenUUID", "outcome", "aktenzeichen", "text",
                    "hubDestination"}) {
                JsonNode value = node.get(name);
                if (value != null && value.isValueNode()) {
                    body.put(name, value.asText());
                }
            }
        }

        void fallback(String name, String value) {
            if (value != null) {
                body.putIfAbsent(name, value);
            }
        }

        String get(String name) {
            String value = property.apply(name);
            if (value == null || value.isBlank()) {
                value = body.get(name);
            }
            if (value == null || value.isBlank()) {
                return null;
            }
            value = value.strip();
            int max = name.equals("hubDestination") ? MAX_DESTINATION : MAX_FIELD;
            if (value.length() > max) {
                throw new IllegalArgumentException(name + " is longer than " + max + " characters");
            }
            return value;
        }

        Acknowledgement acknowledgement() {
            String hubMessageId = get("hubMessageId");
            String uuid = get("nachrichtenUUID");
            if (hubMessageId == null && uuid == null) {
                return Acknowledgement.invalid("names no message: set hubMessageId or nachrichtenUUID (or send an "
                        + "XÖV receipt with referenzUUID)");
            }
            String outcome = get("outcome");
            Outcome o;
            try {
                o = outcome == null ? Outcome.ACCEPTED : Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new Acknowledgement(hubMessageId, uuid, get("hubDestination"), null, null, null,
                        "outcome must be accepted or rejected, not '" + outcome + "'");
            }
            return new Acknowledgement(hubMessageId, uuid, get("hubDestination"), o, get("aktenzeichen"),
                    get("text"), null);
        }
    }
}
