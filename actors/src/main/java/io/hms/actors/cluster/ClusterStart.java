package io.hms.actors.cluster;

import io.hms.verifier.BatchSetVerifyState;
import java.util.Objects;

/**
 * Where a cluster starts: the chain it extends, which is our store's state, or — when the cluster
 * is pipelined behind another one still being applied — the state that cluster will leave.
 *
 * @param verifyState verification state after the election block the cluster's first info follows
 * @param headBlockNumber our (expected) head; batch sets at or below it are ours already
 * @param macroHeadNumber our (expected) latest macro block
 * @param leavesAtMacroHead leaves of that block's epoch at that block, so a partly applied epoch
 *     is resumed at the first missing chunk (SPEC §4.7 step 2, §7.2 item 17)
 */
public record ClusterStart(
        BatchSetVerifyState verifyState, long headBlockNumber, long macroHeadNumber, long leavesAtMacroHead)
        implements RangeStart {
    public ClusterStart {
        Objects.requireNonNull(verifyState, "verifyState");
    }
}
