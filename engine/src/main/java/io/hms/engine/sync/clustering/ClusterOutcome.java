package io.hms.engine.sync.clustering;

/**
 * How a cluster ended (SPEC §4.10 result values, folded to what changes behaviour). Only a failure
 * keeps its peers from being asked for epoch ids again.
 */
public enum ClusterOutcome {
    /** Every id was downloaded and applied, or nothing was left to do (the original's EpochSuccessful / NoMoreEpochs). */
    COMPLETED,
    /** The chain moved past the cluster, or a push was Known/Ignored: its peers may have more. */
    OUTDATED,
    /** No peer could serve an id, or an applied batch set was rejected. */
    FAILED;

    /** Whether peers whose cluster count drops to 0 are asked for epoch ids again. */
    public boolean reAsksPeers() {
        return this != FAILED;
    }
}
