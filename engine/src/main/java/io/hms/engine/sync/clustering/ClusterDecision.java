package io.hms.engine.sync.clustering;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.model.Hash;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the supervisor must do after a {@link ClusterLifecycle} step, in the order the step
 * lists them. Decisions name clusters by id; the supervisor holds the running download of each
 * cluster that is downloading and ignores a decision about a download that no longer runs.
 */
public sealed interface ClusterDecision
        permits ClusterDecision.Judged,
                ClusterDecision.ReAsk,
                ClusterDecision.AddPeer,
                ClusterDecision.Truncate,
                ClusterDecision.RemovePeer,
                ClusterDecision.Download,
                ClusterDecision.QueueFinish,
                ClusterDecision.Released,
                ClusterDecision.Ended,
                ClusterDecision.EvictJobs,
                ClusterDecision.ReportFinished,
                ClusterDecision.ReportReleased {

    /**
     * The peer's epoch ids were judged {@code verdict}: report the peer as {@code verdict.report()}
     * says (Good, Outdated, or nothing yet).
     */
    record Judged(PeerId peer, Verdict verdict, EpochIds ids) implements ClusterDecision {
        public Judged {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(ids, "ids");
        }
    }

    /** Ask the peer for epoch ids again (it is in no cluster, or answered for an older head of ours). */
    record ReAsk(PeerId peer) implements ClusterDecision {}

    /** {@code peer} joined cluster {@code clusterId}, which is downloading: let it ask the peer too. */
    record AddPeer(long clusterId, PeerId peer) implements ClusterDecision {}

    /** Downloading cluster {@code clusterId} keeps only its first {@code keep} ids (a split, SPEC §7.2 item 20). */
    record Truncate(long clusterId, int keep) implements ClusterDecision {}

    /** The peer left: every downloading cluster stops asking it. */
    record RemovePeer(PeerId peer) implements ClusterDecision {}

    /** Start downloading {@code cluster} from {@code start}; report it started, towards {@code targetBlock}. */
    record Download(SyncCluster cluster, StartPoint start, long targetBlock) implements ClusterDecision {
        public Download {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(start, "start");
        }
    }

    /**
     * Queue the cluster's finish at the job actor, behind every batch set it handed over. {@code tip}
     * is the hash of its last election block, verified under a justification, if it completed: the
     * range after it is applied only if it was verified from that block.
     */
    record QueueFinish(long clusterId, ClusterOutcome outcome, Optional<Hash> tip) implements ClusterDecision {
        public QueueFinish {
            Objects.requireNonNull(tip, "tip");
        }

        /** A finish that leaves no verified tip (an empty cluster, or one that did not complete). */
        public QueueFinish(long clusterId, ClusterOutcome outcome) {
            this(clusterId, outcome, Optional.empty());
        }
    }

    /** The cluster's download ended by itself: stop watching it. */
    record Released(long clusterId) implements ClusterDecision {}

    /** The cluster is over: stop its download if it still runs. */
    record Ended(long clusterId) implements ClusterDecision {}

    /** Drop the cluster's jobs that have not started from the job queue. */
    record EvictJobs(long clusterId) implements ClusterDecision {}

    /** Publish that a non-empty cluster finished. */
    record ReportFinished(long clusterId, ClusterOutcome outcome) implements ClusterDecision {}

    /** Report the peer Outdated: it is in no cluster and its last one failed (SPEC §7.2 item 22). */
    record ReportReleased(PeerId peer, long clusterId, String reason) implements ClusterDecision {}
}
