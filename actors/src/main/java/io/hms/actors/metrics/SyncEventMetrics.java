package io.hms.actors.metrics;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns the sync's events into meters: transactions and batch sets applied, time spent verifying
 * batch set infos and chunks, peer states, items per peer, the sync target and the clusters downloading
 * right now. Feed it from one thread (the node's event stream).
 */
public final class SyncEventMetrics {
    private final HmsMetrics metrics;
    private final Set<Long> activeClusters = new HashSet<>();

    public SyncEventMetrics(HmsMetrics metrics) {
        this.metrics = metrics;
    }

    private static PeerState state(MacroSyncReturn r) {
        if (r instanceof MacroSyncReturn.Good) {
            return PeerState.GOOD;
        }
        return r instanceof MacroSyncReturn.Outdated ? PeerState.OUTDATED : PeerState.INCOMPATIBLE;
    }

    public void onEvent(SyncEvent event) {
        if (event instanceof SyncEvent.BatchSetApplied a) {
            metrics.batchSetApplied(a.appendedItems());
            metrics.syncTarget(a.targetBlockNumber());
        } else if (event instanceof SyncEvent.BatchSetVerified v) {
            metrics.verified(Duration.ofNanos(v.verifyNanos()));
        } else if (event instanceof SyncEvent.ChunkReceived c) {
            metrics.verified(Duration.ofNanos(c.verifyNanos()));
            metrics.peerItems(c.peer(), c.items());
        } else if (event instanceof MacroSyncReturn r) {
            metrics.peerResult(r.peer(), state(r));
        } else if (event instanceof SyncEvent.PeerBanned b) {
            metrics.peerBanned(b.fault());
        } else if (event instanceof SyncEvent.ClusterStarted c) {
            activeClusters.add(c.clusterId());
            metrics.clustersActive(activeClusters.size());
            metrics.clusterStarted(c.clusterId(), c.peers(), c.targetBlockNumber());
        } else if (event instanceof SyncEvent.ClusterFinished f) {
            activeClusters.remove(f.clusterId());
            metrics.clustersActive(activeClusters.size());
            metrics.clusterFinished(f.clusterId());
        }
    }
}
