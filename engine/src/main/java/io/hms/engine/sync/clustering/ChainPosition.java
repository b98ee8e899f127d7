package io.hms.engine.sync.clustering;

import io.hms.protocol.model.Hash;
import java.util.Objects;

/**
 * Where our chain is, as clustering and selection read it: our latest election block and our head.
 *
 * @param electionHead hash of our latest election block
 * @param epoch that block's epoch: epochs up to it are final
 * @param headBlock our head block number
 */
public record ChainPosition(Hash electionHead, long epoch, long headBlock) {
    public ChainPosition {
        Objects.requireNonNull(electionHead, "electionHead");
    }

    /** {@code state} with our chain at this position. */
    public ClusteringState applyTo(ClusteringState state) {
        return state.withChain(electionHead, epoch, headBlock);
    }
}
