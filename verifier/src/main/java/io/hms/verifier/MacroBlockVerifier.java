package io.hms.verifier;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import java.util.Optional;

/**
 * SPEC §4.7 step 3 adapted to SPEC §0: a macro block's intrinsic checks, its succession from a
 * predecessor macro block, and its justification against the governing validator set. The
 * predecessor may be older than the immediately previous macro block (a batch set info may skip
 * checkpoints); the parent hash is only checked when it is the immediate predecessor. Extra data
 * longer than 32 bytes cannot be represented by {@link MacroHeader}, so it needs no check here.
 * Thread-safe.
 */
public final class MacroBlockVerifier {
    /** The only header version this code understands. */
    public static final int VERSION = 1;

    private final JustificationVerifier justifications;

    public MacroBlockVerifier() {
        this(new JustificationVerifier());
    }

    public MacroBlockVerifier(JustificationVerifier justifications) {
        this.justifications = justifications;
    }

    /** Checks that need nothing but the block: network, version, position, body. */
    public VerifyResult verifyIntrinsic(MacroBlock b, int network, Policy p) {
        MacroHeader h = b.header();
        if (h.network() != network) {
            return VerifyResult.invalid(Fault.WRONG_NETWORK, "network " + h.network() + ", expected " + network);
        }
        if (h.version() != VERSION) {
            return VerifyResult.invalid(Fault.WRONG_VERSION, "version " + h.version() + ", expected " + VERSION);
        }
        long number = h.blockNumber();
        if (!p.isMacroBlockAt(number)) {
            return VerifyResult.invalid(
                    Fault.NOT_A_MACRO_BLOCK_NUMBER, "block " + number + " is not a macro block position");
        }
        Hash bodyHash = b.body().hash();
        if (!bodyHash.equals(h.bodyRoot())) {
            return VerifyResult.invalid(
                    Fault.BODY_ROOT_MISMATCH,
                    "body hashes to " + bodyHash.shortHex() + ", header says "
                            + h.bodyRoot().shortHex());
        }
        Optional<ValidatorSet> next = b.body().nextValidators();
        if (p.isElectionBlockAt(number)) {
            if (next.isEmpty()) {
                return VerifyResult.invalid(
                        Fault.ELECTION_WITHOUT_VALIDATORS, "election block " + number + " names no validators");
            }
            int total = next.get().totalSlots();
            if (total != p.slots()) {
                return VerifyResult.invalid(
                        Fault.VALIDATOR_SLOTS_MISMATCH,
                        "next validators hold " + total + " slots, policy has " + p.slots());
            }
        } else if (next.isPresent()) {
            return VerifyResult.invalid(Fault.CHECKPOINT_WITH_VALIDATORS, "checkpoint " + number + " names validators");
        }
        return VerifyResult.valid();
    }

    /**
     * Macro succession from {@code predecessor} (SPEC §4.7 step 3): parent election hash, block
     * number within {@code (q, election_block_after(q)]}, timestamp not decreasing, and — when the
     * predecessor is the immediately previous macro block — the parent hash.
     */
    public VerifyResult verifySuccessor(MacroBlock b, MacroBlock predecessor, Policy p) {
        MacroHeader h = b.header();
        MacroHeader q = predecessor.header();
        long number = h.blockNumber();
        long qNumber = q.blockNumber();
        if (number <= qNumber) {
            return VerifyResult.invalid(
                    Fault.BLOCK_NUMBER_NOT_INCREASING, "block " + number + " does not follow block " + qNumber);
        }
        long electionAfter = p.electionBlockAfter(qNumber);
        if (number > electionAfter) {
            return VerifyResult.invalid(
                    Fault.BLOCK_BEYOND_NEXT_ELECTION, "block " + number + " is beyond election block " + electionAfter);
        }
        Hash expectedElection = p.isElectionBlockAt(qNumber) ? predecessor.hash() : q.parentElectionHash();
        if (!h.parentElectionHash().equals(expectedElection)) {
            return VerifyResult.invalid(
                    Fault.WRONG_PARENT_ELECTION_HASH,
                    "parent election " + h.parentElectionHash().shortHex() + ", expected "
                            + expectedElection.shortHex());
        }
        if (number - qNumber == p.blocksPerBatch() && !h.parentHash().equals(predecessor.hash())) {
            return VerifyResult.invalid(
                    Fault.NOT_A_SUCCESSOR, "block " + number + " does not name block " + qNumber + " as its parent");
        }
        if (h.timestamp() < q.timestamp()) {
            return VerifyResult.invalid(
                    Fault.TIMESTAMP_DECREASING,
                    "timestamp " + h.timestamp() + " before predecessor's " + q.timestamp());
        }
        return VerifyResult.valid();
    }

    /** All checks: intrinsic, successor of {@code predecessor}, justification by {@code validators}. */
    public VerifyResult verify(MacroBlock b, MacroBlock predecessor, ValidatorSet validators, int network, Policy p) {
        VerifyResult r = verifyIntrinsic(b, network, p);
        if (!r.isValid()) {
            return r;
        }
        r = verifySuccessor(b, predecessor, p);
        if (!r.isValid()) {
            return r;
        }
        if (b.justification().isEmpty()) {
            return VerifyResult.invalid(
                    Fault.MISSING_JUSTIFICATION, "block " + b.blockNumber() + " carries no justification");
        }
        return justifications.verify(network, b.hash(), b.justification().get(), validators, p);
    }
}
