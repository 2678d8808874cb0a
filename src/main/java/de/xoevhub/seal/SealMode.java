package de.xoevhub.seal;

import java.util.Arrays;
import java.util.Locale;

/** How a destination's copies are sealed: signed and then encrypted with one of two content ciphers, or not at all. */
public enum SealMode {
    /** CAdES-BES SignedData inside an AuthEnvelopedData (RFC 5083) with AES-256-GCM. */
    AES_256_GCM("aes-256-gcm"),
    /** CAdES-BES SignedData inside an EnvelopedData with AES-256-CBC. */
    AES_256_CBC("aes-256-cbc"),
    /** Neither signed nor encrypted: only for a trusted internal network, and it shows on the Laufzettel. */
    OFF("off");

    private final String label;

    SealMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The mode named in configuration ({@code aes-256-gcm}, {@code aes-256-cbc} or {@code off}). */
    public static SealMode of(String label) {
        String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.label.equals(l)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown seal mode '" + label + "'; use aes-256-gcm, aes-256-cbc or off"));
    }
}
