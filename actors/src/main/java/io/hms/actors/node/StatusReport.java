package io.hms.actors.node;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code hms status} shows, read from a store: the chain's identity, both heads, the
 * transaction count and every epoch's history with its root recomputed from the stored tree
 * (and whether it equals the root in the epoch's last block header). {@code hms demo} compares two
 * of these to check a sync.
 *
 * @param history one entry per epoch whose history we hold, the open epoch last
 */
public record StatusReport(
        int networkId,
        String policy,
        String genesisHash,
        Head macroHead,
        Head electionHead,
        long completeEpochs,
        long transactions,
        boolean pruned,
        String services,
        List<EpochHistory> history) {

    /** A head block: number, hash, epoch and kind (genesis, election or checkpoint). */
    public record Head(long blockNumber, String hash, long epoch, String kind) {}

    /**
     * One epoch's history.
     *
     * @param root the root of the stored tree; empty when the store pruned it
     * @param matchesHeader whether {@code root} equals the history root of the epoch's last stored block
     */
    public record EpochHistory(long epoch, long leaves, Optional<String> root, boolean matchesHeader) {}

    public StatusReport {
        history = List.copyOf(history);
    }

    public static StatusReport of(ChainView view) {
        Policy policy = view.spec().policy();
        MacroBlock macro = view.macroHead();
        MacroBlock election = view.electionHead();
        long electionEpoch = policy.epochAt(election.blockNumber());
        List<EpochHistory> history = new ArrayList<>();
        for (long epoch = Math.max(1, view.firstHistoryEpoch()); epoch <= electionEpoch; epoch++) {
            Optional<MacroBlock> last = view.mainChainBlockAt(policy.electionBlockOf(epoch));
            history.add(epochHistory(view, epoch, last));
        }
        if (macro.blockNumber() != election.blockNumber()) {
            history.add(epochHistory(view, electionEpoch + 1, Optional.of(macro)));
        }
        return new StatusReport(
                view.spec().networkId(),
                "B=" + policy.blocksPerBatch() + " N=" + policy.batchesPerEpoch() + " G=" + policy.genesisBlockNumber(),
                view.spec().genesisHash().toHex(),
                head(policy, macro, view),
                head(policy, election, view),
                electionEpoch,
                view.totalTransactions(),
                view.pruned(),
                Services.describe(view.services()),
                history);
    }

    /** The parts two nodes of one chain must agree on after a sync (everything but storage mode). */
    public boolean sameChainAs(StatusReport other) {
        return networkId == other.networkId
                && genesisHash.equals(other.genesisHash)
                && macroHead.equals(other.macroHead)
                && electionHead.equals(other.electionHead)
                && transactions == other.transactions
                && history.equals(other.history);
    }

    private static EpochHistory epochHistory(ChainView view, long epoch, Optional<MacroBlock> lastBlock) {
        long leaves = view.historyLength(epoch);
        Optional<String> root;
        try {
            root = Optional.of(view.historyRoot(epoch, leaves).toHex());
        } catch (StoreException e) {
            root = Optional.empty();
        }
        Optional<Hash> header = lastBlock.map(b -> b.header().historyRoot());
        boolean matches =
                root.isPresent() && header.isPresent() && header.get().toHex().equals(root.get());
        return new EpochHistory(epoch, leaves, root, matches);
    }

    private static Head head(Policy policy, MacroBlock block, ChainView view) {
        String kind = block.blockNumber() == view.spec().genesis().blockNumber()
                ? "genesis"
                : policy.isElectionBlockAt(block.blockNumber()) ? "election" : "checkpoint";
        return new Head(block.blockNumber(), block.hash().toHex(), policy.epochAt(block.blockNumber()), kind);
    }
}
