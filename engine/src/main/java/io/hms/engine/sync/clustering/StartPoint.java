package io.hms.engine.sync.clustering;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import java.util.Objects;

/**
 * Where an activated cluster starts verifying: our store's state, or — pipelined behind a cluster
 * whose batch sets are not all applied yet (SPEC §7.1 item 1) — the verification state that
 * cluster's last election block leaves, or — a range downloading while the range before it still
 * downloads (issue 15) — after an election block not verified yet, its anchor.
 */
public sealed interface StartPoint permits StartPoint.FromStore, StartPoint.After, StartPoint.Anchor {

    /** Our chain as it will be once everything before the cluster is applied. */
    ChainPosition position(Policy policy, ChainPosition store);

    /** Nothing waits to be applied before the cluster: it starts at our store's state. */
    enum FromStore implements StartPoint {
        INSTANCE;

        @Override
        public ChainPosition position(Policy policy, ChainPosition store) {
            return store;
        }
    }

    /** After the verified (not yet applied) election block that {@code tip} follows. */
    record After(BatchSetVerifyState tip) implements StartPoint {
        public After {
            Objects.requireNonNull(tip, "tip");
        }

        @Override
        public ChainPosition position(Policy policy, ChainPosition store) {
            MacroBlock election = tip.predecessor();
            return new ChainPosition(election.hash(), policy.epochAt(election.blockNumber()), election.blockNumber());
        }
    }

    /**
     * After the election block {@code id} of {@code epoch} (block {@code blockNumber}), which a peer
     * offered and nobody verified yet: the range's download fetches it (its hash must be {@code id})
     * and verifies from it, and nothing of the range is applied until the range before it ended on a
     * verified block with this hash (engine {@code sync.reorder.RangeReorderWindow}).
     */
    record Anchor(Hash id, long epoch, long blockNumber) implements StartPoint {
        public Anchor {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public ChainPosition position(Policy policy, ChainPosition store) {
            return new ChainPosition(id, epoch, blockNumber);
        }
    }
}
