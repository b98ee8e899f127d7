package io.hms.verifier;

import static io.hms.verifier.Consequence.BAN;
import static io.hms.verifier.Consequence.RETRY;

/**
 * Every distinct reason the verifier rejects peer data, each with its consequence for the peer.
 * Checks that a valid block can fail merely because it does not extend <em>our</em> state (a peer
 * on a fork or behind us) are {@link Consequence#RETRY}; checks that only lying or broken data can
 * fail (signatures, proofs, self-inconsistent responses) are {@link Consequence#BAN}.
 */
public enum Fault {
    // --- intrinsic macro block checks (SPEC §4.7 step 3, first bullet)
    /** Header network id differs from ours. */
    WRONG_NETWORK(BAN),
    /** Header version is not {@link MacroBlockVerifier#VERSION}. */
    WRONG_VERSION(BAN),
    /** The block number is not a macro block position of the policy. */
    NOT_A_MACRO_BLOCK_NUMBER(BAN),
    /** The body does not hash to the header's body root. */
    BODY_ROOT_MISMATCH(BAN),
    /** An election block whose body names no next validator set. */
    ELECTION_WITHOUT_VALIDATORS(BAN),
    /** A checkpoint block whose body names a validator set. */
    CHECKPOINT_WITH_VALIDATORS(BAN),
    /** An election block's next validators do not hold exactly the policy's slots. */
    VALIDATOR_SLOTS_MISMATCH(BAN),

    // --- macro successor checks against a predecessor (our state: a fork or an old peer fails them)
    /** The immediately following macro block does not name the predecessor as its parent. */
    NOT_A_SUCCESSOR(RETRY),
    /** The parent election hash does not name the predecessor's (or its) election block. */
    WRONG_PARENT_ELECTION_HASH(RETRY),
    /** The block number is not above the predecessor's. */
    BLOCK_NUMBER_NOT_INCREASING(RETRY),
    /** The block lies beyond the election block that follows the predecessor. */
    BLOCK_BEYOND_NEXT_ELECTION(RETRY),
    /** The timestamp is below the predecessor's. */
    TIMESTAMP_DECREASING(RETRY),

    // --- justification (SPEC §0)
    /** A non-genesis block without justification. */
    MISSING_JUSTIFICATION(BAN),
    /** Signer and signature lists differ in size or signers are not strictly ascending. */
    MALFORMED_JUSTIFICATION(BAN),
    /** A signer index at or beyond the validator set's size. */
    SIGNER_INDEX_OUT_OF_RANGE(BAN),
    /** The signers hold fewer than {@code ⌈2·slots/3⌉} slots. */
    INSUFFICIENT_SLOTS(BAN),
    /** A signature does not verify under its validator's key. */
    INVALID_SIGNATURE(BAN),

    // --- batch set info (SPEC §4.7 fetch checks and verifyBatchSetInfo)
    /** Neither an election block nor any batch set. */
    EMPTY_BATCH_SET_INFO(BAN),
    /** The final macro block is not the block we asked for. */
    FINAL_HASH_MISMATCH(BAN),
    /** The info's election block is not at an election block number. */
    NOT_AN_ELECTION_BLOCK(BAN),
    /** The info's election block is not also its last batch set, so its history is missing. */
    ELECTION_BLOCK_NOT_LAST_BATCH_SET(BAN),
    /** Batch set blocks are not in strictly increasing block order. */
    BATCH_SETS_NOT_INCREASING(BAN),
    /** A batch set block lies outside the epoch of the requested block. */
    BATCH_SET_OUTSIDE_EPOCH(BAN),
    /** A later batch set claims fewer history leaves than an earlier one. */
    HISTORY_LENGTH_DECREASING(BAN),
    /** A size proof does not hash to its block's history root. */
    SIZE_PROOF_MISMATCH(BAN),
    /** A size proof variant that an honest prover never builds for its size. */
    SIZE_PROOF_MALFORMED(BAN),
    /** A batch-set block other than the final one carries a justification (protocol version 2). */
    UNEXPECTED_JUSTIFICATION(BAN),
    /** A link header is not at a macro position strictly between the first batch set and the final block, not
     *  ascending, or duplicates a batch-set block. */
    CHAIN_LINK_MISPLACED(BAN),
    /** Batch sets and links leave a macro position between the first batch set and the final block out. */
    CHAIN_LINK_MISSING(BAN),
    /** A batch-set block or link is not the parent of the macro block after it: not on the final block's chain. */
    OFF_HASH_CHAIN(BAN),

    // --- history tree proofs (SPEC §3.6, §7.2 item 16)
    /** The proof's node count is not the size of any Merkle Mountain Range. */
    INVALID_MMR_SIZE(BAN),
    /** A proven leaf lies outside the tree the proof is for. */
    LEAF_OUTSIDE_TREE(BAN),
    /** The proof carries too few or too many nodes for the proven leaves. */
    PROOF_NODES_MISMATCH(BAN),
    /** The leaves and proof nodes do not hash to the expected root. */
    RANGE_PROOF_INVALID(BAN),
    /** An {@code assumePrevious} proof, which cannot be verified on its own. */
    INCOMPLETE_PROOF(BAN),
    /** A chunk proof is for another tree size than the batch set's verified size. */
    PROOF_SIZE_MISMATCH(BAN),
    /** A chunk with fewer items than the batch set's size requires. */
    CHUNK_INCOMPLETE(BAN),
    /** A chunk with more items than the batch set's size allows. */
    CHUNK_TOO_LONG(BAN);

    private final Consequence consequence;

    Fault(Consequence consequence) {
        this.consequence = consequence;
    }

    public Consequence consequence() {
        return consequence;
    }
}
