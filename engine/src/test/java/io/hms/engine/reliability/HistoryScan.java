package io.hms.engine.reliability;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.Policy;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricData;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.Penalty;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Transfer;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a whole store leaf by leaf and checks what a crash or a failed write could have broken:
 * every epoch holds exactly its recorded number of leaves (none missing, none beyond), no
 * transaction is stored twice, the transaction index points at each leaf, the leaves rebuild the
 * history root of the epoch's last macro block, the leaves add up to the store's total, and the
 * address index lists exactly the stored leaves of each address involved, newest first.
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
        Map<PublicKey, List<IndexedTransaction>> byAddress = new HashMap<>();
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
                    for (PublicKey address : addressesOf(tx)) {
                        byAddress
                                .computeIfAbsent(address, a -> new ArrayList<>())
                                .add(new IndexedTransaction(new TxLocation(e, leaf, tx.blockNumber()), tx));
                    }
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
        byAddress.forEach((address, expected) -> checkAddress(store, address, expected, problems));
        return problems;
    }

    /** The index pages of {@code address} hold exactly {@code oldestFirst}, reversed. */
    private static void checkAddress(
            ChainView store, PublicKey address, List<IndexedTransaction> oldestFirst, List<String> problems) {
        List<IndexedTransaction> indexed = new ArrayList<>();
        Optional<TxLocation> after = Optional.empty();
        while (indexed.size() <= oldestFirst.size()) {
            List<IndexedTransaction> page = store.transactionsByAddress(address, after, PAGE);
            indexed.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            after = Optional.of(page.get(page.size() - 1).location());
        }
        List<IndexedTransaction> expected = new ArrayList<>(oldestFirst);
        Collections.reverse(expected);
        if (!indexed.equals(expected)) {
            problems.add("address " + address.shortHex() + ": the index lists " + indexed.size()
                    + " transactions, the history holds " + expected.size() + " (or in another order)");
        }
    }

    private static List<PublicKey> addressesOf(HistoricTransaction tx) {
        HistoricData d = tx.data();
        if (d instanceof Transfer t) {
            return t.sender().equals(t.recipient()) ? List.of(t.sender()) : List.of(t.sender(), t.recipient());
        } else if (d instanceof BatchReward r) {
            return r.validator().equals(r.rewardAddress())
                    ? List.of(r.validator())
                    : List.of(r.validator(), r.rewardAddress());
        } else if (d instanceof Penalty p) {
            return List.of(p.validator());
        } else if (d instanceof Jail j) {
            return List.of(j.validator());
        }
        throw new IllegalStateException("unknown historic data " + d);
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
