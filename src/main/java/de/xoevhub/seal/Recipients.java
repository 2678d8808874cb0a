package de.xoevhub.seal;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * How one destination's copies are sealed: the mode and the certificates to encrypt for. Several certificates let
 * a Fachverfahren and its backup both decrypt. Checked when loaded: RSA keys of at least 2048 bits with
 * keyEncipherment, or EC keys with keyAgreement, where the certificate states its key usage.
 */
public record Recipients(SealMode mode, List<X509Certificate> certificates) {

    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    public Recipients {
        certificates = List.copyOf(certificates);
        if (mode != SealMode.OFF && certificates.isEmpty()) {
            throw new IllegalArgumentException("sealing with " + mode.label() + " needs at least one recipient certificate");
        }
        for (X509Certificate c : certificates) {
            check(c);
        }
    }

    public static Recipients off() {
        return new Recipients(SealMode.OFF, List.of());
    }

    /** Refuses a certificate that has expired or is not yet valid at {@code now}. */
    void requireValid(Instant now) {
        for (X509Certificate c : certificates) {
            Date at = Date.from(now);
            if (at.after(c.getNotAfter()) || at.before(c.getNotBefore())) {
                throw new SealingException("recipient certificate " + describe(c) + " is not valid now (valid "
                        + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")");
            }
        }
    }

    static String describe(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "' serial " + c.getSerialNumber().toString(16);
    }

    private static void check(X509Certificate c) {
        String type = c.getPublicKey().getAlgorithm();
        boolean[] usage = c.getKeyUsage();
        if (type.equals("RSA")) {
            int bits = ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength();
            if (bits < 2048) {
                throw new IllegalArgumentException("recipient certificate " + describe(c) + " has a weak RSA key ("
                        + bits + " bits; at least 2048 needed)");
            }
            if (usage != null && !usage[KEY_ENCIPHERMENT]) {
                throw new IllegalArgumentException("recipient certificate " + describe(c)
                        + " does not allow keyEncipherment");
            }
        } else if (type.equals("EC")) {
            if (usage != null && !usage[KEY_AGREEMENT]) {
                throw new IllegalArgumentException("recipient certificate " + describe(c) + " does not allow keyAgreement");
            }
        } else {
            throw new IllegalArgumentException("recipient certificate " + describe(c) + " has a " + type
                    + " key; RSA or EC needed");
        }
    }
}
