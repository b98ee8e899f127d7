package io.hms.verifier;

import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;

/**
 * What verifying the next batch set info needs: our network, the macro block the info must follow,
 * and the validator set that governs the blocks after it. Start from the election head and its
 * validator set (as the original does): an info lists every earlier batch set of its epoch, so a
 * later checkpoint as predecessor would reject the info's first batch sets.
 */
public record BatchSetVerifyState(int network, MacroBlock predecessor, ValidatorSet validators) {

    /**
     * The state right after our election head (genesis included): its body names the validators of
     * the next epoch.
     *
     * @throws IllegalArgumentException if the block names no validators (a local error: our own
     *     election head always does)
     */
    public static BatchSetVerifyState afterElectionBlock(int network, MacroBlock electionHead) {
        ValidatorSet next = electionHead
                .body()
                .nextValidators()
                .orElseThrow(() ->
                        new IllegalArgumentException("block " + electionHead.blockNumber() + " names no validators"));
        return new BatchSetVerifyState(network, electionHead, next);
    }
}
