package de.xoevhub.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body up to a limit. A declared length over the limit is refused before any byte is read; a
 * chunked body is refused as soon as it passes the limit, never read to its end.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static SubmissionProblem tooLarge(long limit) {
        return new SubmissionProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Body too large",
                "the body exceeds the limit of " + limit + " bytes").with("limitBytes", limit);
    }
}
