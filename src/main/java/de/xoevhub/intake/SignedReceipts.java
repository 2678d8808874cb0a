package de.xoevhub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.xoevhub.seal.Sealer;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The receipt of an accepted submission, signed by the hub (CAdES-BES SignedData, the receipt JSON encapsulated),
 * so that a portal can prove that and when the hub received which bytes. The signed receipt states the facts of
 * the acceptance (state ACCEPTED), not the current state; that one is at the status URL.
 */
@Component
public class SignedReceipts {

    static final MediaType MEDIA_TYPE = MediaType.parseMediaType("application/pkcs7-mime; smime-type=signed-data");

    private final Sealer sealer;
    private final ObjectMapper json;

    public SignedReceipts(Sealer sealer, ObjectMapper json) {
        this.sealer = sealer;
        this.json = json;
    }

    byte[] sign(Submission s, String statusUrl) {
        if (!accepted(s)) {
            throw new SubmissionProblem(HttpStatus.NOT_FOUND, "no-receipt", "No receipt",
                    "submission " + s.id() + " was not accepted (" + s.state() + "), so it has no receipt")
                    .with("id", s.id());
        }
        Receipt receipt = new Receipt(s.id(), s.nachrichtenUUID(), s.standard(), s.version(), s.nachrichtentyp(),
                s.receivedAt(), s.sha256(), SubmissionState.ACCEPTED.name(), statusUrl);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            sealer.sign(new ByteArrayInputStream(json.writeValueAsBytes(receipt)), out);
            return out.toByteArray();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the portal got a 202 for it: not refused, and not turned away because the broker was down. */
    static boolean accepted(Submission s) {
        return s.state() != SubmissionState.REJECTED && !s.brokerUnavailableAtIntake();
    }
}
