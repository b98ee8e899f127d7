package io.hms.actors.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.actors.serialization.CborSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import java.util.List;
import java.util.Objects;

/**
 * Everything the sync reports: the per-peer results ({@link MacroSyncReturn}) and progress, with
 * enough numbers (epochs, block numbers, proven history lengths) for a UI to show progress and an
 * estimate of the time left. Delivered to subscriber actors and as a Pekko Streams source.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(MacroSyncReturn.Good.class),
    @JsonSubTypes.Type(MacroSyncReturn.Outdated.class),
    @JsonSubTypes.Type(MacroSyncReturn.Incompatible.class),
    @JsonSubTypes.Type(SyncEvent.ClusterStarted.class),
    @JsonSubTypes.Type(SyncEvent.ClusterFinished.class),
    @JsonSubTypes.Type(SyncEvent.BatchSetVerified.class),
    @JsonSubTypes.Type(SyncEvent.ChunkReceived.class),
    @JsonSubTypes.Type(SyncEvent.BatchSetApplied.class),
    @JsonSubTypes.Type(SyncEvent.PeerBanned.class),
    @JsonSubTypes.Type(SyncEvent.Synced.class),
    @JsonSubTypes.Type(SyncEvent.SyncFailed.class),
    @JsonSubTypes.Type(SyncEvent.Stopped.class)
})
public sealed interface SyncEvent extends CborSerializable
        permits MacroSyncReturn,
                SyncEvent.ClusterStarted,
                SyncEvent.ClusterFinished,
                SyncEvent.BatchSetVerified,
                SyncEvent.ChunkReceived,
                SyncEvent.BatchSetApplied,
                SyncEvent.PeerBanned,
                SyncEvent.Synced,
                SyncEvent.SyncFailed,
                SyncEvent.Stopped {

    /**
     * A cluster began downloading.
     *
     * @param targetBlockNumber the macro block its last id closes (election block or checkpoint)
     */
    record ClusterStarted(
            long clusterId, ClusterKind kind, long firstEpoch, int ids, long targetBlockNumber, List<PeerId> peers)
            implements SyncEvent {
        public ClusterStarted {
            peers = List.copyOf(peers);
        }
    }

    /** A cluster ended; its peers are asked again unless it {@link ClusterOutcome#FAILED failed}. */
    record ClusterFinished(long clusterId, ClusterOutcome outcome) implements SyncEvent {
        public ClusterFinished {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * A BatchSetInfo passed verification.
     *
     * @param batchSets batch sets it lists
     * @param historyLength the epoch's proven leaf count at {@code blockNumber}
     */
    record BatchSetVerified(
            long clusterId,
            PeerId peer,
            long epoch,
            long blockNumber,
            int batchSets,
            long historyLength,
            long verifyNanos)
            implements SyncEvent {}

    /** A history chunk passed verification. */
    record ChunkReceived(
            long clusterId, PeerId peer, long epoch, long blockNumber, long chunkIndex, int items, long verifyNanos)
            implements SyncEvent {}

    /**
     * A batch set was applied to the store.
     *
     * @param appendedItems leaves this push added (overlap with what we held excluded)
     * @param historyLength the epoch's proven leaf count at the block
     * @param appliedItemsTotal leaves applied by this sync so far
     * @param targetBlockNumber the highest macro block any known cluster leads to (0 if none)
     */
    record BatchSetApplied(
            long clusterId,
            long epoch,
            long blockNumber,
            boolean election,
            long appendedItems,
            long historyLength,
            long appliedItemsTotal,
            long targetBlockNumber)
            implements SyncEvent {}

    /**
     * A peer sent data that proves it lied; it was disconnected. {@code fault} is the check that
     * failed ({@link PeerFault#name()} is the code shown to users).
     */
    record PeerBanned(PeerId peer, PeerFault fault, String detail) implements SyncEvent {}

    /**
     * At least {@code node.min-good-peers} peers are Good and no cluster, job or epoch-id request is
     * pending. Emitted each time this becomes true.
     */
    record Synced(List<PeerId> goodPeers, long electionHeadEpoch, long headBlockNumber) implements SyncEvent {
        public Synced {
            goodPeers = List.copyOf(goodPeers);
        }
    }

    /** The sync stopped for good, e.g. because the store failed (disk full). */
    record SyncFailed(String reason) implements SyncEvent {}

    /** The sync was stopped on request; no events follow. */
    record Stopped() implements SyncEvent {}

    /** Whether no events follow this one. */
    static boolean isTerminal(SyncEvent event) {
        return event instanceof SyncFailed || event instanceof Stopped;
    }
}
