package io.hms.actors.cli;

import io.hms.engine.history.BlockRecord;
import io.hms.engine.history.HistoryLookup;
import io.hms.engine.history.InclusionProof;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.StoreException;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The answers of {@code hms tx} and {@code hms block}, from a store through the engine's {@link
 * HistoryLookup} (the lookup the JSON-RPC methods use): a transaction by hash with its inclusion
 * proof checked against the history root of the macro block that commits to it, and everything
 * recorded at a block number. hms stores macro blocks and the history, not micro blocks: a micro
 * block number answers with the transactions recorded in it and the macro block that commits to them.
 */
final class HistoryQuery {
    private final HistoryLookup lookup;
    private final Policy policy;

    HistoryQuery(ChainView view) {
        this.lookup = new HistoryLookup(view);
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
        Optional<InclusionProof> proof = lookup.prove(hash);
        if (proof.isPresent()) {
            InclusionProof p = proof.get();
            boolean verified = HistoryProofVerifier.verifyRange(
                            p.proof(),
                            p.block().header().historyRoot(),
                            p.location().leafIndex(),
                            List.of(p.transaction()))
                    .isValid();
            return Optional.of(answer(
                    hash,
                    new IndexedTransaction(p.location(), p.transaction()),
                    p.block().blockNumber(),
                    verified));
        }
        // stored but without a committing block to prove it against (not expected of a consistent store)
        return lookup.transaction(hash)
                .map(tx -> answer(hash, tx, closingMacro(tx.location().blockNumber()), false));
    }

    /** Empty if the block lies beyond our head, before genesis, or in history we pruned. */
    Optional<BlockAnswer> block(long number) {
        return lookup.block(number, Integer.MAX_VALUE).map(HistoryQuery::answer);
    }

    private static TxAnswer answer(Hash hash, IndexedTransaction tx, long closedBy, boolean verified) {
        return new TxAnswer(
                hash.toHex(),
                tx.location().epoch(),
                tx.location().leafIndex(),
                tx.location().blockNumber(),
                closedBy,
                verified,
                tx.transaction());
    }

    private static BlockAnswer answer(BlockRecord b) {
        return new BlockAnswer(
                b.blockNumber(),
                b.kind().name().toLowerCase(Locale.ROOT),
                b.epoch(),
                b.batch(),
                b.committedBy(),
                b.macroBlock().map(m -> m.hash().toHex()),
                b.macroBlock(),
                b.transactions().stream()
                        .map(tx -> new TxEntry(tx.transaction().hash().toHex(), tx.transaction()))
                        .toList());
    }

    /** The macro block that closes the batch of block {@code n} ({@code n} itself for a macro block). */
    private long closingMacro(long n) {
        return policy.isMacroBlockAt(n) ? n : policy.macroBlockAfter(n);
    }
}
