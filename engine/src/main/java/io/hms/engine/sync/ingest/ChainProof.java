package io.hms.engine.sync.ingest;

import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.Objects;

/**
 * Why a batch-set block without a justification is final (protocol version 2, docs/PROTOCOL.md
 * §5.3): its hash is the {@code parentHash} of the first link (or of the anchor when there are no
 * links), each link's hash is the next one's {@code parentHash}, and the anchor carries a
 * justification. The planner takes this from a verified BatchSetInfo; the store checks it again
 * before it applies the block.
 *
 * <p>{@code links} is kept as given, not copied: the planner hands every batch set of an epoch a
 * view into one immutable list, so an epoch of n batch sets costs one list, not n² headers.
 *
 * @param anchor the info's final block, with its justification
 * @param links headers of the macro blocks strictly between the batch-set block and {@code anchor},
 *     ascending; an immutable list or a view of one
 */
public record ChainProof(MacroBlock anchor, List<MacroHeader> links) {

    public ChainProof {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(links, "links");
    }
}
