package io.hms.engine.sync.clustering;

import io.hms.protocol.Policy;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import java.util.Objects;

/**
 * Where an activated cluster starts verifying: our store's state, or — pipelined behind a cluster
 * whose batch sets are not all applied yet (SPEC §7.1 item 1) — the verification state that
 * cluster's last election block leaves.
 */
public sealed interface StartPoint permits StartPoint.FromStore, StartPoint.After {

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
}
