package io.hms.engine.sync.clustering;

import io.hms.protocol.model.Hash;
import java.util.Comparator;
import java.util.List;

/**
 * Which waiting cluster to download next (SPEC §4.6 comparator); smaller is better. Keys in order:
 * lowest {@code max(first, ourEpoch)}; highest first block number (the later checkpoint of one
 * epoch wins); most peers; most remaining ids; ids lexicographically smallest (hash bytes, then
 * length). hms adds the cluster id as a last key so that the order is total and the choice never
 * depends on the order in which clusters were stored.
 */
public final class ClusterOrder {
    private ClusterOrder() {}

    public static Comparator<SyncCluster> forEpoch(long ourEpoch) {
        Comparator<SyncCluster> byEpoch = Comparator.comparingLong(c -> Math.max(c.firstEpoch(), ourEpoch));
        return byEpoch.thenComparing(
                        Comparator.comparingLong(SyncCluster::firstBlockNumber).reversed())
                .thenComparing(
                        Comparator.comparingInt((SyncCluster c) -> c.peers().size())
                                .reversed())
                .thenComparing(Comparator.comparingLong((SyncCluster c) -> c.remaining(ourEpoch))
                        .reversed())
                .thenComparing((a, b) -> compareIds(a.ids(), b.ids()))
                .thenComparingLong(SyncCluster::id);
    }

    static int compareIds(List<Hash> a, List<Hash> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
