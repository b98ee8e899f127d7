package io.hms.engine.sync.clustering;

import io.hms.protocol.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the next cluster to download (SPEC §4.6 {@code popNextCluster}): the best epoch cluster by
 * {@link ClusterOrder}, or, only when no epoch cluster waits, the best checkpoint cluster. The
 * winner is trimmed to our state and becomes active; the caller starts downloading it with a
 * verification state at our election head, or finishes it at once if it came out empty.
 *
 * <p>Unlike the original, the remaining clusters keep their order (no swap-remove-front, SPEC §7.2
 * item 21), and a trimmed cluster keeps its id: trimming happens before any download starts, so
 * there is no old work to tell apart.
 */
public final class ClusterSelector {
    private final Policy policy;

    public ClusterSelector(Policy policy) {
        this.policy = policy;
    }

    /**
     * @param cluster the chosen cluster, already in {@code state.activeClusters()}; may be empty
     * @param fromEpochClusters whether it came from the epoch clusters, which frees room for
     *     deferred epoch-id replies
     */
    public record Selection(SyncCluster cluster, ClusteringState state, boolean fromEpochClusters) {}

    public Optional<Selection> select(ClusteringState state) {
        Comparator<SyncCluster> order = ClusterOrder.forEpoch(state.ourEpoch());
        List<SyncCluster> epoch = new ArrayList<>(state.epochClusters());
        List<SyncCluster> checkpoints = new ArrayList<>(state.checkpointClusters());
        boolean fromEpoch = !epoch.isEmpty();
        List<SyncCluster> source = fromEpoch ? epoch : checkpoints;
        if (source.isEmpty()) {
            return Optional.empty();
        }
        int best = 0;
        for (int i = 1; i < source.size(); i++) {
            if (order.compare(source.get(best), source.get(i)) > 0) {
                best = i;
            }
        }
        SyncCluster winner = trim(source.remove(best), state);
        List<SyncCluster> active = new ArrayList<>(state.activeClusters());
        active.add(winner);
        ClusteringState next = state.with(
                epoch,
                checkpoints,
                active,
                state.finishingClusters(),
                state.peerClusterCounts(),
                state.nextClusterId());
        return Optional.of(new Selection(winner, next, fromEpoch));
    }

    /** Drops ids at or below our finalized epoch, and a checkpoint at or below our head. */
    private SyncCluster trim(SyncCluster c, ClusteringState state) {
        long finEpoch = state.ourEpoch();
        if (c.firstEpoch() <= finEpoch) {
            int drop = (int) Math.min(finEpoch - c.firstEpoch() + 1, c.size());
            long newFirst = c.firstEpoch() + drop;
            long firstBlock = c.kind() == ClusterKind.EPOCH ? policy.electionBlockOf(newFirst) : c.firstBlockNumber();
            c = c.dropFront(drop, firstBlock);
        }
        if (!c.isEmpty() && c.kind() == ClusterKind.CHECKPOINT && c.firstBlockNumber() <= state.ourBlock()) {
            c = c.dropFront(1, c.firstBlockNumber());
        }
        return c;
    }
}
