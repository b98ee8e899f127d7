package io.hms.actors.sync;

import io.hms.actors.serialization.CborSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.clustering.LifecycleState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the supervisor, for status output and tests.
 *
 * @param connectedPeers peers with the required services that are connected
 * @param peerClusterCounts clusters each tracked peer is in
 * @param waitingEpochClusters epoch clusters not yet activated
 * @param waitingCheckpointClusters checkpoint clusters not yet activated
 * @param activatedClusters clusters downloading or with batch sets waiting to be applied
 * @param queuedJobs pushes and finishes waiting in the job queue
 * @param epochIdRequests RequestMacroChain requests in flight
 * @param results each connected peer's latest result ({@code Good}, {@code Outdated}, ...)
 * @param bannedPeers peers disconnected for sending data that proved them lying
 * @param synced whether the node counts as synced
 * @param electionHeadEpoch our election head's epoch
 * @param headBlockNumber our head
 * @param workers worker JVMs registered with this coordinator's desk (0 when it has none)
 */
public record SyncStatus(
        List<PeerId> connectedPeers,
        Map<PeerId, Integer> peerClusterCounts,
        int waitingEpochClusters,
        int waitingCheckpointClusters,
        int activatedClusters,
        int queuedJobs,
        int epochIdRequests,
        Map<PeerId, String> results,
        List<PeerId> bannedPeers,
        boolean synced,
        long electionHeadEpoch,
        long headBlockNumber,
        int workers)
        implements CborSerializable {
    public SyncStatus {
        connectedPeers = List.copyOf(connectedPeers);
        peerClusterCounts = Map.copyOf(peerClusterCounts);
        results = Map.copyOf(results);
        bannedPeers = List.copyOf(bannedPeers);
    }

    /** The supervisor's state now. */
    static SyncStatus of(
            SyncPeers peers, SyncEventPublisher publisher, LifecycleState lifecycle, ChainReader chain, int workers) {
        Map<PeerId, String> results = new LinkedHashMap<>();
        peers.connected()
                .forEach(p -> publisher
                        .latest(p)
                        .ifPresent(r -> results.put(p, r.getClass().getSimpleName())));
        ClusteringState state = lifecycle.clustering();
        return new SyncStatus(
                peers.connected(),
                state.peerClusterCounts(),
                state.epochClusters().size(),
                state.checkpointClusters().size(),
                lifecycle.pipeline().size(),
                state.queuedJobs().size(),
                peers.epochIdRequests(),
                results,
                peers.banned(),
                publisher.isSynced(),
                chain.electionHeadEpoch(),
                chain.headBlockNumber(),
                workers);
    }
}
