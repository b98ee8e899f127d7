package io.hms.engine.sync.macrochain;

import io.hms.verifier.Consequence;

/**
 * Why a MacroChain reply proves its sender malicious (SPEC §4.4). An honest server never produces
 * any of these, so each one bans the peer.
 */
public enum MacroChainFault {
    /** More epoch ids than the request's {@code maxEpochs}. */
    TOO_MANY_EPOCHS,
    /** The checkpoint is not in the epoch after the last offered id. */
    CHECKPOINT_WRONG_EPOCH,
    /** The checkpoint's block number is not a macro block position. */
    CHECKPOINT_NOT_MACRO_BLOCK,
    /** The checkpoint's block number is an election block position. */
    CHECKPOINT_IS_ELECTION_BLOCK;

    public Consequence consequence() {
        return Consequence.BAN;
    }
}
