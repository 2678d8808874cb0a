package de.xoevhub.seal;

import java.util.List;

/**
 * An inbound CMS body opened: the content inside all layers (the XÖV message) and each layer opened, outermost
 * first, with a description for the Laufzettel.
 */
public record Unsealed(byte[] content, List<Layer> layers) {

    /** What one layer was. */
    public enum Kind { DECRYPTED, SIGNATURE_VALID }

    /** One layer: what it was, and its description (algorithms, recipient key or signer, chain, signing time). */
    public record Layer(Kind kind, String detail) {
    }

    public Unsealed {
        layers = List.copyOf(layers);
    }

    /** True if at least one layer was a signature that verified against the portal's trust anchors. */
    public boolean signed() {
        return layers.stream().anyMatch(l -> l.kind() == Kind.SIGNATURE_VALID);
    }
}
