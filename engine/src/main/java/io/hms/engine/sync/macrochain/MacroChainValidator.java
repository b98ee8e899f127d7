package io.hms.engine.sync.macrochain;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import java.util.Optional;

/**
 * Judges a peer's reply to our RequestMacroChain (SPEC §4.4). Transport failures never reach this
 * class: the caller disconnects such a peer itself.
 *
 * <p>Unlike the original, the checkpoint is sanity-checked before it is dropped next to non-empty
 * epochs: an honest server only attaches a checkpoint of epoch {@code e0 + |epochs| + 1}, so a
 * wrong one proves a lie even though we would not use it.
 */
public final class MacroChainValidator {
    private final Policy policy;

    public MacroChainValidator(Policy policy) {
        this.policy = policy;
    }

    public MacroChainResult validate(MacroChainRequest request, PeerId sender, MacroChainResponse reply) {
        if (reply instanceof MacroChainError) {
            return new MacroChainResult.Accepted(EpochIds.locatorNotFound(sender));
        }
        MacroChain chain = (MacroChain) reply;
        int epochs = chain.epochs().size();
        if (epochs > request.maxEpochs()) {
            return new MacroChainResult.Malicious(
                    MacroChainFault.TOO_MANY_EPOCHS, epochs + " epochs for maxEpochs " + request.maxEpochs());
        }
        long firstEpoch = request.electionHeadEpoch() + 1;
        Optional<Checkpoint> checkpoint = chain.checkpoint();
        if (checkpoint.isPresent()) {
            Optional<MacroChainResult.Malicious> bad = checkCheckpoint(checkpoint.get(), firstEpoch + epochs);
            if (bad.isPresent()) {
                return bad.get();
            }
            if (epochs > 0) {
                // it could become stale while the epochs are applied; the next request fetches it again
                checkpoint = Optional.empty();
            }
        }
        return new MacroChainResult.Accepted(new EpochIds(true, chain.epochs(), checkpoint, firstEpoch, sender));
    }

    private Optional<MacroChainResult.Malicious> checkCheckpoint(Checkpoint checkpoint, long expectedEpoch) {
        long number = checkpoint.blockNumber();
        if (policy.epochAt(number) != expectedEpoch) {
            return Optional.of(new MacroChainResult.Malicious(
                    MacroChainFault.CHECKPOINT_WRONG_EPOCH,
                    "checkpoint block " + number + " is in epoch " + policy.epochAt(number) + ", expected "
                            + expectedEpoch));
        }
        if (!policy.isMacroBlockAt(number)) {
            return Optional.of(new MacroChainResult.Malicious(
                    MacroChainFault.CHECKPOINT_NOT_MACRO_BLOCK,
                    "checkpoint block " + number + " is not a macro block"));
        }
        if (policy.isElectionBlockAt(number)) {
            return Optional.of(new MacroChainResult.Malicious(
                    MacroChainFault.CHECKPOINT_IS_ELECTION_BLOCK,
                    "checkpoint block " + number + " is an election block"));
        }
        return Optional.empty();
    }
}
