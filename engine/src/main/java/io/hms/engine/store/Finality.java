package io.hms.engine.store;

import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.Objects;

/**
 * How a pushed block is known to be final. A batch set info carries one justification per epoch
 * (SPEC §0, "Scale"): its intermediate checkpoints arrive without one and are authenticated by the
 * {@code parent_hash} chain back from the justified block that closes the info.
 */
public sealed interface Finality permits Finality.Justified, Finality.ChainedTo {

    /** The block carries its own justification, verified by the store (producers, live path, final blocks). */
    record Justified() implements Finality {
        public static final Justified INSTANCE = new Justified();
    }

    /**
     * The block carries no justification of its own (one it carries is neither verified nor stored).
     * {@code links} are the headers of the macro blocks strictly between it and {@code anchor},
     * ascending; the anchor's {@code parent_hash} chain through the links reaches the block, and the
     * anchor carries a justification by the validators of the block's epoch.
     */
    record ChainedTo(MacroBlock anchor, List<MacroHeader> links) implements Finality {
        public ChainedTo {
            Objects.requireNonNull(anchor, "anchor");
            links = List.copyOf(links);
        }
    }
}
