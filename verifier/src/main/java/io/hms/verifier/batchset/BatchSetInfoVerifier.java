package io.hms.verifier.batchset;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Fault;
import io.hms.verifier.HashChainCheck;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.MacroBlockVerifier;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a {@link BatchSetInfo} fetched for {@code requestedHash} (SPEC §4.7: the fetch checks
 * and {@code verifyBatchSetInfo}, as changed by SPEC §0 "Scale") and advances the verification
 * state; docs/PROTOCOL.md §5.3 lists the checks in order. Only the final block's justification is
 * verified: the other batch-set blocks are authenticated by the hash chain down from it ({@link
 * HashChainCheck}), so an epoch costs one justification, not one per checkpoint. Beyond the
 * original it requires an included election block to be the info's last batch set (otherwise its
 * history would never be downloaded), batch sets in strictly increasing order within the requested
 * epoch, and non-decreasing history lengths. Thread-safe.
 */
public final class BatchSetInfoVerifier {

    /** The result: the state after the info, or exactly what failed (the input state is unchanged). */
    public sealed interface Outcome permits Accepted, Rejected {}

    /** Every check passed; {@code next} follows the info's final macro block. */
    public record Accepted(BatchSetVerifyState next) implements Outcome {}

    /** A check failed. */
    public record Rejected(Fault fault, String detail) implements Outcome {
        public VerifyResult.Invalid toResult() {
            return new VerifyResult.Invalid(fault, detail);
        }
    }

    private final MacroBlockVerifier blocks;
    private final JustificationVerifier justifications;

    public BatchSetInfoVerifier() {
        this(new JustificationVerifier());
    }

    /** Verifies the final block's signatures with {@code justifications} (e.g. one that uses a pool). */
    public BatchSetInfoVerifier(JustificationVerifier justifications) {
        this.blocks = new MacroBlockVerifier(justifications);
        this.justifications = justifications;
    }

    public Outcome verify(BatchSetInfo info, Hash requestedHash, BatchSetVerifyState state, Policy p) {
        Optional<MacroBlock> finalBlock = info.finalMacroBlock();
        if (finalBlock.isEmpty()) {
            return new Rejected(Fault.EMPTY_BATCH_SET_INFO, "neither an election block nor batch sets");
        }
        MacroBlock last = finalBlock.get();
        Hash finalHash = last.hash();
        if (!finalHash.equals(requestedHash)) {
            return new Rejected(
                    Fault.FINAL_HASH_MISMATCH,
                    "final block " + finalHash.shortHex() + ", requested " + requestedHash.shortHex());
        }
        List<BatchSet> sets = info.batchSets();
        Optional<MacroBlock> election = info.electionMacroBlock();
        if (election.isPresent()) {
            Rejected r = checkElectionBlock(election.get(), finalHash, sets, state, p);
            if (r != null) {
                return r;
            }
        }
        Rejected r = checkBatchSets(sets, last, state, p);
        if (r != null) {
            return r;
        }
        // the final block is the last batch set here: an election block must be (checked above), and
        // without one the final block is the last batch set by definition
        List<MacroHeader> headers = new ArrayList<>(sets.size());
        sets.forEach(set -> headers.add(set.macroBlock().header()));
        VerifyResult chain = HashChainCheck.verify(headers, info.links(), p);
        if (chain instanceof VerifyResult.Invalid invalid) {
            return new Rejected(invalid.fault(), invalid.detail());
        }
        if (last.justification().isEmpty()) {
            return new Rejected(
                    Fault.MISSING_JUSTIFICATION, "final block " + last.blockNumber() + " carries no justification");
        } else {
            VerifyResult signed = justifications.verify(
                    state.network(), finalHash, last.justification().get(), state.validators(), p);
            if (signed instanceof VerifyResult.Invalid invalid) {
                return new Rejected(invalid.fault(), "final block " + last.blockNumber() + ": " + invalid.detail());
            }
        }
        return new Accepted(nextState(state, last, p));
    }

    /**
     * Checks 4–8 of docs/PROTOCOL.md §5.3, batch set by batch set: order and epoch, intrinsic checks,
     * succession, no justification but on the final block, size proofs. Signatures come last.
     */
    private Rejected checkBatchSets(List<BatchSet> sets, MacroBlock last, BatchSetVerifyState state, Policy p) {
        long epoch = p.epochAt(last.blockNumber());
        MacroBlock previous = state.predecessor();
        long previousLength = 0;
        for (int i = 0; i < sets.size(); i++) {
            BatchSet set = sets.get(i);
            MacroBlock block = set.macroBlock();
            long number = block.blockNumber();
            if (i > 0 && number <= previous.blockNumber()) {
                return new Rejected(
                        Fault.BATCH_SETS_NOT_INCREASING,
                        "batch set " + i + " at block " + number + " after block " + previous.blockNumber());
            }
            if (p.epochAt(number) != epoch) {
                return new Rejected(
                        Fault.BATCH_SET_OUTSIDE_EPOCH,
                        "batch set " + i + " at block " + number + " is not in epoch " + epoch);
            }
            VerifyResult r = blocks.verifyIntrinsic(block, state.network(), p);
            if (r.isValid()) {
                r = blocks.verifySuccessor(block, previous, p);
            }
            if (r instanceof VerifyResult.Invalid invalid) {
                // a fork shows as the first batch set not following our state; two batch sets of one info
                // that are not parent and child contradict the info's own hash chain
                Fault fault =
                        i > 0 && invalid.fault() == Fault.NOT_A_SUCCESSOR ? Fault.OFF_HASH_CHAIN : invalid.fault();
                return new Rejected(fault, "batch set " + i + ": " + invalid.detail());
            }
            if (i < sets.size() - 1 && block.justification().isPresent()) {
                return new Rejected(
                        Fault.UNEXPECTED_JUSTIFICATION,
                        "batch set " + i + " at block " + number
                                + " is not the final block but carries a justification");
            }
            r = HistoryProofVerifier.verifySize(set.historyLen(), block.header().historyRoot());
            if (r instanceof VerifyResult.Invalid invalid) {
                return new Rejected(invalid.fault(), "batch set " + i + ": " + invalid.detail());
            }
            long length = set.historyLen().size();
            if (Long.compareUnsigned(length, previousLength) < 0) {
                return new Rejected(
                        Fault.HISTORY_LENGTH_DECREASING,
                        "batch set " + i + " proves " + Long.toUnsignedString(length) + " leaves after "
                                + previousLength);
            }
            previous = block;
            previousLength = length;
        }
        return null;
    }

    /**
     * The election block must sit at an election position, be the last batch set (so its history
     * comes with the info) and, if it is not byte-identical to that batch set's block, pass the
     * intrinsic checks on its own (the same hash means the same header; the body must match it).
     */
    private Rejected checkElectionBlock(
            MacroBlock election, Hash electionHash, List<BatchSet> sets, BatchSetVerifyState state, Policy p) {
        if (!p.isElectionBlockAt(election.blockNumber())) {
            return new Rejected(
                    Fault.NOT_AN_ELECTION_BLOCK, "block " + election.blockNumber() + " is not an election block");
        }
        if (sets.isEmpty() || !sets.get(sets.size() - 1).macroBlock().hash().equals(electionHash)) {
            return new Rejected(
                    Fault.ELECTION_BLOCK_NOT_LAST_BATCH_SET,
                    "election block " + election.blockNumber() + " is not the last batch set");
        }
        if (!sets.get(sets.size() - 1).macroBlock().equals(election)) {
            // same header, so only the body can differ; its justification is the final block's, checked last
            VerifyResult r = blocks.verifyIntrinsic(election, state.network(), p);
            if (r instanceof VerifyResult.Invalid invalid) {
                return new Rejected(invalid.fault(), "election block: " + invalid.detail());
            }
        }
        return null;
    }

    private static BatchSetVerifyState nextState(BatchSetVerifyState state, MacroBlock last, Policy p) {
        ValidatorSet validators = state.validators();
        if (p.isElectionBlockAt(last.blockNumber())) {
            // verified intrinsically: an election block always names its successors
            validators = last.body().nextValidators().orElseThrow();
        }
        return new BatchSetVerifyState(state.network(), last, validators);
    }
}
