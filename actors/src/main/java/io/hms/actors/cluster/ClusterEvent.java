package io.hms.actors.cluster;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.serialization.WireSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.verifier.BatchSetVerifyState;
import java.util.Objects;
import java.util.Optional;

/** What a {@link ClusterActor} tells the supervisor. */
public sealed interface ClusterEvent extends WireSerializable {
    long clusterId();

    /** Progress to publish. */
    record Progress(long clusterId, SyncEvent event) implements ClusterEvent {}

    /** {@code peer} answered with data that failed a check; it is no longer asked by this cluster. */
    record PeerFaulted(long clusterId, PeerId peer, PeerFault fault, String detail) implements ClusterEvent {}

    /**
     * The download ended. {@code tip} is the verification state after the cluster's last id when
     * every id was handed off, so that the next cluster can be verified before this one is applied.
     */
    record DownloadFinished(long clusterId, ClusterOutcome outcome, String reason, Optional<BatchSetVerifyState> tip)
            implements ClusterEvent {
        public DownloadFinished {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
