package io.hms.actors.cluster;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.serialization.CborSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Consequence;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What a {@link ClusterActor} tells the supervisor. */
public sealed interface ClusterEvent extends CborSerializable {
  long clusterId();

  /** Progress to publish. */
  record Progress(long clusterId, SyncEvent event) implements ClusterEvent {}

  /** {@code peer} answered with data that failed a check; it is no longer asked by this cluster. */
  record PeerFault(long clusterId, PeerId peer, String fault, Consequence consequence, String detail)
      implements ClusterEvent {}

  /**
   * A complete batch set for the job queue; the JobActor acknowledges it to {@code ackTo}. If
   * {@code staged}, its items were handed over before as {@link StageChunk}s and it carries none.
   */
  record Downloaded(long clusterId, CompleteBatchSet batchSet, boolean staged, ActorRef<JobActor.Accepted> ackTo)
      implements ClusterEvent {}

  /** Verified items of a large batch set, to be staged in the store until the batch set is complete. */
  record StageChunk(long clusterId, Hash blockHash, long blockNumber, long epoch, long firstLeaf,
      List<HistoricTransaction> items, ActorRef<JobActor.Accepted> ackTo) implements ClusterEvent {
    public StageChunk {
      items = List.copyOf(items);
    }
  }

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
