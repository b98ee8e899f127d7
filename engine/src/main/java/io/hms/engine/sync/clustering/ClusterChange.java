package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import java.util.Objects;

/**
 * One change a clustering decision made to the clusters, for the actor to forward to whoever runs
 * the cluster (a ClusterActor for active clusters, the job queue for finishing ones). Waiting
 * clusters need nothing: the decision's new state already holds them.
 */
public sealed interface ClusterChange permits ClusterChange.PeerAdded, ClusterChange.Split, ClusterChange.Created {

    /** {@code peer} joined cluster {@code clusterId}. */
    record PeerAdded(long clusterId, PeerId peer) implements ClusterChange {
        public PeerAdded {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * Cluster {@code clusterId} now keeps only its first {@code keep} ids; {@code tail} holds the rest
     * with the old peers. An active cluster must stop and discard all work for positions ≥ {@code
     * keep}: the original kept such in-flight work (SPEC §7.2 item 20).
     */
    record Split(long clusterId, int keep, SyncCluster tail) implements ClusterChange {
        public Split {
            Objects.requireNonNull(tail, "tail");
        }
    }

    /** A new waiting cluster (leftover ids or a new checkpoint). */
    record Created(SyncCluster cluster) implements ClusterChange {
        public Created {
            Objects.requireNonNull(cluster, "cluster");
        }
    }
}
