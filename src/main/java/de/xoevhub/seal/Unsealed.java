package de.xoevhub.seal;

import de.xoevhub.spool.Content;
import de.xoevhub.spool.SpoolOutput;
import java.util.List;

/**
 * An inbound CMS body opened: the content inside all layers (the XÖV message) and each layer opened, outermost
 * first, with a description for the Laufzettel. The content is in memory or, when large, in a spool file, which
 * closing deletes: the caller closes it once the content is handed on.
 */
public final class Unsealed implements AutoCloseable {

    /** What one layer was. */
    public enum Kind { DECRYPTED, SIGNATURE_VALID }

    /** One layer: what it was, and its description (algorithms, recipient key or signer, chain, signing time). */
    public record Layer(Kind kind, String detail) {
    }

    private final Content content;
    private final List<Layer> layers;
    private final SpoolOutput holder;

    Unsealed(Content content, List<Layer> layers, SpoolOutput holder) {
        this.content = content;
        this.layers = List.copyOf(layers);
        this.holder = holder;
    }

    public Content content() {
        return content;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** True if at least one layer was a signature that verified against the portal's trust anchors. */
    public boolean signed() {
        return layers.stream().anyMatch(l -> l.kind() == Kind.SIGNATURE_VALID);
    }

    /** Deletes the content's spool file, if it has one. */
    @Override
    public void close() {
        holder.close();
    }
}
