package io.hms.engine.sync.clustering;

import io.hms.protocol.model.Hash;
import java.util.Objects;

/**
 * An entry of the application queue as clustering sees it (SPEC §4.2 {@code jobQueue}): a
 * downloaded batch set waiting to be pushed, or a cluster whose finish waits behind its pushes.
 * A view derived by {@link ClusteringState#queuedJobs()}; the queue itself belongs to the job actor.
 */
public sealed interface QueuedJob permits QueuedJob.Push, QueuedJob.Finish {

    long clusterId();

    /** A batch set of {@code clusterId} closed by the macro block {@code blockHash}. */
    record Push(long clusterId, Hash blockHash) implements QueuedJob {
        public Push {
            Objects.requireNonNull(blockHash, "blockHash");
        }
    }

    /** The end of {@code cluster}; its peers are released when this job is processed. */
    record Finish(SyncCluster cluster) implements QueuedJob {
        public Finish {
            Objects.requireNonNull(cluster, "cluster");
        }

        @Override
        public long clusterId() {
            return cluster.id();
        }
    }
}
