package io.hms.actors.cli;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Historical queries answered from a store: a transaction by hash (with an inclusion proof checked
 * against the history root of the macro block that closed its batch) and everything recorded in a
 * block. hms stores macro blocks and the history, not micro blocks: a micro block number answers
 * with the transactions recorded in it and the macro block that closed its batch.
 */
final class HistoryQuery {
    private static final int PAGE = 1024;

    private final ChainView view;
    private final Policy policy;

    HistoryQuery(ChainView view) {
        this.view = view;
        this.policy = view.spec().policy();
    }

    /** A transaction, where it sits, and whether its inclusion proof verifies. */
    record TxAnswer(
            String hash,
            long epoch,
            long leafIndex,
            long blockNumber,
            long closedByBlock,
            boolean proofVerified,
            HistoricTransaction transaction) {}

    /** A block: the macro block itself if it is one, and the transactions recorded at its number. */
    record BlockAnswer(
            long blockNumber,
            String kind,
            long epoch,
            long batch,
            long closedByBlock,
            Optional<String> macroBlockHash,
            Optional<MacroBlock> macroBlock,
            List<TxEntry> transactions) {}

    /** A transaction with its hash (the key of {@code hms tx}). */
    record TxEntry(String hash, HistoricTransaction transaction) {}

    Optional<TxAnswer> transaction(Hash hash) throws StoreException {
        Optional<TxLocation> found = view.findTransaction(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TxLocation at = found.get();
        List<HistoricTransaction> leaf = view.history(at.epoch(), at.leafIndex(), 1);
        if (leaf.isEmpty()) {
            return Optional.empty();
        }
        long closing = closingMacro(at.blockNumber());
        Optional<MacroBlock> closer = view.mainChainBlockAt(closing);
        OptionalLong leaves = view.historyLengthAt(closing);
        boolean verified = false;
        if (closer.isPresent() && leaves.isPresent()) {
            RangeProof proof = view.proveRange(at.epoch(), at.leafIndex(), 1, leaves.getAsLong());
            VerifyResult result = HistoryProofVerifier.verifyRange(
                    proof, closer.get().header().historyRoot(), at.leafIndex(), leaf);
            verified = result.isValid();
        }
        return Optional.of(new TxAnswer(
                hash.toHex(), at.epoch(), at.leafIndex(), at.blockNumber(), closing, verified, leaf.get(0)));
    }

    /** Empty if the block lies beyond our head, before genesis, or in history we pruned. */
    Optional<BlockAnswer> block(long number) {
        long genesis = policy.genesisBlockNumber();
        if (number < genesis || number > view.headBlockNumber()) {
            return Optional.empty();
        }
        long epoch = policy.epochAt(number);
        if (number == genesis) {
            MacroBlock g = view.spec().genesis();
            return Optional.of(new BlockAnswer(
                    number, "genesis", 0, 0, number, Optional.of(g.hash().toHex()), Optional.of(g), List.of()));
        }
        long closing = closingMacro(number);
        OptionalLong end = view.historyLengthAt(closing);
        OptionalLong start = view.historyLengthAt(closing - 1);
        if (end.isEmpty() || start.isEmpty() || (epoch < view.firstHistoryEpoch())) {
            return Optional.empty();
        }
        List<TxEntry> recorded = new ArrayList<>();
        for (long leaf = start.getAsLong(); leaf < end.getAsLong(); leaf += PAGE) {
            int count = (int) Math.min(PAGE, end.getAsLong() - leaf);
            for (HistoricTransaction tx : view.history(epoch, leaf, count)) {
                if (tx.blockNumber() == number) {
                    recorded.add(new TxEntry(tx.hash().toHex(), tx));
                }
            }
        }
        boolean macro = policy.isMacroBlockAt(number);
        Optional<MacroBlock> block = macro ? view.mainChainBlockAt(number) : Optional.empty();
        String kind = !macro ? "micro" : policy.isElectionBlockAt(number) ? "election" : "checkpoint";
        return Optional.of(new BlockAnswer(
                number,
                kind,
                epoch,
                policy.batchAt(number),
                closing,
                block.map(b -> b.hash().toHex()),
                block,
                recorded));
    }

    /** The macro block that closes the batch of block {@code n} ({@code n} itself for a macro block). */
    private long closingMacro(long n) {
        return policy.isMacroBlockAt(n) ? n : policy.macroBlockAfter(n);
    }
}
