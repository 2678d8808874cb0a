package de.xoevhub.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC of a status notice: {@code sha256=} and the hex HMAC-SHA256, keyed with the portal's callback secret, over
 * the timestamp header, a dot and the body. Binding the timestamp lets a portal refuse replays of old notices.
 */
public final class NoticeSignature {

    public static final String SIGNATURE_HEADER = "X-Hub-Signature";
    public static final String TIMESTAMP_HEADER = "X-Hub-Timestamp";

    private NoticeSignature() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
