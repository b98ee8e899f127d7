package io.hms.engine.reliability;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a whole store leaf by leaf and checks what a crash or a failed write could have broken:
 * every epoch holds exactly its recorded number of leaves (none missing, none beyond), no
 * transaction is stored twice, the transaction index points at each leaf, the leaves rebuild the
 * history root of the epoch's last macro block, and the leaves add up to the store's total.
 * Public for the crash and disk-full tests of it-tests.
 */
public final class HistoryScan {
    private static final int PAGE = 4096;

    private HistoryScan() {}

    /** Every inconsistency found, in words; empty for a consistent store. */
    public static List<String> problems(ChainView store) {
        Policy p = store.spec().policy();
        long head = store.headBlockNumber();
        long lastEpoch = p.epochAt(head);
        List<String> problems = new ArrayList<>();
        Set<Hash> seen = new HashSet<>();
        long total = 0;
        for (long e = Math.max(1, store.firstHistoryEpoch()); e <= lastEpoch; e++) {
            long length = store.historyLength(e);
            HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
            long leaf = 0;
            while (leaf < length) {
                List<HistoricTransaction> page = store.history(e, leaf, (int) Math.min(PAGE, length - leaf));
                if (page.isEmpty()) {
                    problems.add("epoch " + e + ": leaf " + leaf + " of " + length + " is missing");
                    break;
                }
                for (HistoricTransaction tx : page) {
                    tree.append(tx);
                    checkIndexed(store, tx, e, leaf, seen, problems);
                    leaf++;
                }
            }
            if (!store.history(e, length, 1).isEmpty()) {
                problems.add("epoch " + e + ": leaves stored beyond its length " + length);
            }
            total += length;
            long lastBlock = e == lastEpoch ? head : p.electionBlockOf(e);
            Optional<MacroBlock> block = store.mainChainBlockAt(lastBlock);
            if (block.isEmpty()) {
                problems.add("epoch " + e + ": no main-chain block at " + lastBlock);
            } else if (!block.get().header().historyRoot().equals(tree.root())) {
                problems.add("epoch " + e + ": its " + leaf + " leaves do not rebuild the root of block " + lastBlock);
            }
        }
        if (!store.pruned() && total != store.totalTransactions()) {
            problems.add("leaves add up to " + total + ", the store counts " + store.totalTransactions());
        }
        return problems;
    }

    private static void checkIndexed(
            ChainView store, HistoricTransaction tx, long epoch, long leaf, Set<Hash> seen, List<String> problems) {
        Hash hash = tx.hash();
        if (!seen.add(hash)) {
            problems.add(
                    "epoch " + epoch + ": transaction " + hash.shortHex() + " at leaf " + leaf + " is stored twice");
            return;
        }
        TxLocation expected = new TxLocation(epoch, leaf, tx.blockNumber());
        Optional<TxLocation> indexed = store.findTransaction(hash);
        if (!indexed.equals(Optional.of(expected))) {
            problems.add("epoch " + epoch + ": leaf " + leaf + " is indexed as " + indexed);
        }
    }
}
