package io.hms.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares two chain stores the way a sync test needs: same genesis, heads, main-chain macro
 * blocks, and per epoch the same history length and root (for the epochs both still hold), plus
 * the transaction totals. Differences are listed in words, so a failing sync test says what
 * diverged.
 */
public final class StoreComparison {
    private StoreComparison() {}

    /** Every difference between the two stores; empty if they hold the same chain. */
    public static List<String> differences(ChainView a, ChainView b) {
        List<String> diffs = new ArrayList<>();
        compare(diffs, "genesis", a.spec().genesisHash(), b.spec().genesisHash());
        compare(
                diffs,
                "election head",
                a.electionHead().hash(),
                b.electionHead().hash());
        compare(diffs, "macro head", a.macroHead().hash(), b.macroHead().hash());
        compare(diffs, "head block number", a.headBlockNumber(), b.headBlockNumber());
        if (!diffs.isEmpty()) {
            return diffs;
        }
        Policy policy = a.spec().policy();
        long head = a.headBlockNumber();
        for (long n = policy.genesisBlockNumber(); n <= head; n += policy.blocksPerBatch()) {
            Optional<Hash> ha = a.mainChainBlockAt(n).map(MacroBlock::hash);
            Optional<Hash> hb = b.mainChainBlockAt(n).map(MacroBlock::hash);
            compare(diffs, "main-chain block " + n, ha, hb);
        }
        long lastEpoch = policy.epochAt(head);
        long firstEpoch = Math.max(1, Math.max(a.firstHistoryEpoch(), b.firstHistoryEpoch()));
        for (long e = firstEpoch; e <= lastEpoch; e++) {
            long la = a.historyLength(e);
            long lb = b.historyLength(e);
            compare(diffs, "history length of epoch " + e, la, lb);
            if (la == lb) {
                compare(diffs, "history root of epoch " + e, root(a, e, la), root(b, e, lb));
            }
        }
        if (!a.pruned() && !b.pruned()) {
            compare(diffs, "total transactions", a.totalTransactions(), b.totalTransactions());
        }
        return diffs;
    }

    /** Fails with the list of differences unless both stores hold the same chain. */
    public static void assertSameChain(ChainView actual, ChainView expected) {
        assertThat(differences(actual, expected))
                .as("differences between the stores")
                .isEmpty();
    }

    private static String root(ChainView view, long epoch, long leaves) {
        try {
            return view.historyRoot(epoch, leaves).toHex();
        } catch (StoreException e) {
            return "unavailable (" + e.kind() + ")";
        }
    }

    private static void compare(List<String> diffs, String what, Object a, Object b) {
        if (!a.equals(b)) {
            diffs.add(what + ": " + a + " vs " + b);
        }
    }
}
