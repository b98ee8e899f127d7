package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.job.PushFailure;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.testing.Chains;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChainProof;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.MacroHeader;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses actors, and every event, goes through Pekko's serialization (Jackson
 * CBOR via the {@link CborSerializable} binding) and comes back equal: the sync's actors could run
 * on different machines of a Pekko Cluster.
 */
class MessageSerializationTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId PEER = new PeerId("peer-1");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static List<Object> samples() {
        ChainGenerator generator = new ChainGenerator(Chains.unit(81, 1, 0, 3));
        List<GeneratedBatch> batches = generator.generateAll();
        GeneratedBatch batch = batches.get(3);
        CompleteBatchSet set =
                new CompleteBatchSet(batch.block(), batch.firstLeafIndex(), batch.items(), 3, 1, Optional.empty());
        List<MacroHeader> between =
                List.of(batches.get(1).block().header(), batches.get(2).block().header());
        GeneratedBatch first = batches.get(1);
        CompleteBatchSet chained = new CompleteBatchSet(
                first.block().withoutJustification(),
                first.firstLeafIndex(),
                first.items(),
                1,
                1,
                Optional.of(new ChainProof(batch.block(), between.subList(1, 2))));
        BatchSetVerifyState state =
                BatchSetVerifyState.afterElectionBlock(generator.spec().networkId(), batch.block());
        ActorRef<Object> ref = KIT.createTestProbe().getRef();
        @SuppressWarnings("unchecked")
        ActorRef<org.apache.pekko.Done> done = (ActorRef<org.apache.pekko.Done>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<SyncEvent> events = (ActorRef<SyncEvent>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<PeerReply> replies = (ActorRef<PeerReply>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<JobActor.Accepted> acks = (ActorRef<JobActor.Accepted>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<PeerActor.Command> peerRef = (ActorRef<PeerActor.Command>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<SyncStatus> statusRef = (ActorRef<SyncStatus>) (ActorRef<?>) ref;
        SyncEvent progress = new SyncEvent.ChunkReceived(2, PEER, 1, 16, 0, 3, 800_000);
        return List.of(
                new MacroSyncReturn.Good(PEER),
                new MacroSyncReturn.Outdated(PEER, OutdatedReason.FORK, "id differs"),
                new MacroSyncReturn.Incompatible(PEER, 1),
                new SyncEvent.ClusterStarted(2, ClusterKind.EPOCH, 1, 4, 64, List.of(PEER)),
                new SyncEvent.ClusterFinished(2, ClusterOutcome.OUTDATED),
                new SyncEvent.BatchSetVerified(2, PEER, 1, 16, 4, 12, 1_500_000),
                progress,
                new SyncEvent.BatchSetApplied(2, 1, 16, true, 3, 12, 40, 64),
                new SyncEvent.PeerBanned(PEER, new PeerFault.Verification(Fault.RANGE_PROOF_INVALID), "tampered"),
                new SyncEvent.PeerBanned(
                        PEER, new PeerFault.MacroChain(MacroChainFault.CHECKPOINT_WRONG_EPOCH), "epoch 3"),
                new SyncEvent.PeerBanned(PEER, new PeerFault.Breach("MALFORMED_FRAME"), "garbage"),
                new SyncEvent.Synced(List.of(PEER), 1, 16),
                new SyncEvent.SyncFailed("disk full"),
                new SyncEvent.Stopped(),
                new PeerActor.Send(new RequestBatchSet(batch.block().hash()), Duration.ofSeconds(3), replies),
                new PeerActor.Send(new RequestHistoryChunk(1, 16, 0), Duration.ofMillis(250), replies),
                new PeerActor.Disconnect(DisconnectReason.MALICIOUS),
                PeerActor.Leave.INSTANCE,
                new PeerReply.Answered(
                        PEER, 4, new MacroChain(List.of(batch.block().hash()), Optional.empty())),
                new PeerReply.Answered(PEER, 5, HistoryChunkError.COULDNT_PRODUCE_PROOF),
                new PeerReply.Failed(PEER, 6, NetworkFailure.Kind.TIMEOUT, "slow"),
                new JobActor.Push(2, set, false, acks),
                new JobActor.Push(2, chained, false, acks),
                new JobActor.Stage(2, batch.block().hash(), 16, 0, batch.items(), acks),
                new JobActor.Accepted(2, batch.block().hash(), true),
                new JobActor.Finish(2, ClusterOutcome.COMPLETED),
                new JobActor.Finish(
                        2, ClusterOutcome.COMPLETED, Optional.of(batch.block().hash())),
                new JobActor.OpenRange(3, Optional.of(batch.block().hash())),
                new JobActor.OpenRange(1, Optional.empty()),
                new JobActor.RangeDropped(3, "the range before it ended elsewhere"),
                new JobActor.Evict(2),
                new JobActor.Shutdown(done),
                new JobActor.Queued(2, 1, batch.block().hash()),
                new JobActor.Applied(
                        2, set, new PushResult.Extended(batch.block().hash(), 16, 1, true, 3, 12)),
                new JobActor.PushFailed(
                        2, batch.block().hash(), 16, PushFailure.REJECTED, Optional.of(PushError.HISTORY_GAP), "gap"),
                new JobActor.FinishReached(2, ClusterOutcome.FAILED),
                new ClusterActor.AddPeer(PEER, peerRef),
                new ClusterActor.RemovePeer(PEER),
                new ClusterActor.Truncate(3),
                ClusterActor.Abort.INSTANCE,
                new ClusterEvent.Progress(2, progress),
                new ClusterEvent.PeerFaulted(2, PEER, new PeerFault.Chunk(ChunkFault.TOO_FEW_ITEMS), "prefix"),
                new ClusterEvent.DownloadFinished(2, ClusterOutcome.COMPLETED, "done", Optional.of(state)),
                new ClusterStart(state, 16, 16, 0),
                new HistoryMacroSync.Subscribe(events, done),
                new HistoryMacroSync.Unsubscribe(events),
                HistoryMacroSync.Recheck.INSTANCE,
                new HistoryMacroSync.GetStatus(statusRef),
                new HistoryMacroSync.Stop(done),
                new SyncStatus(
                        List.of(PEER),
                        Map.of(PEER, 2),
                        1,
                        0,
                        1,
                        3,
                        0,
                        Map.of(PEER, "Good"),
                        List.of(),
                        true,
                        1,
                        16,
                        2));
    }

    @Test
    void shouldRoundTripThroughJacksonCborWhenMessagesCrossActors() {
        SerializationTestKit serialization = new SerializationTestKit(KIT.system());
        for (Object message : samples()) {
            if (message instanceof io.hms.actors.serialization.WireSerializable) {
                continue; // crosses nodes: hms's binary serializer, io.hms.actors.wire.WireSerializerTest
            }
            assertThat(SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(KIT.system()))
                            .findSerializerFor(message))
                    .as("serializer of %s", message.getClass().getName())
                    .isInstanceOf(JacksonCborSerializer.class)
                    .satisfies(s -> assertThat(s.identifier()).isEqualTo(7314));
            serialization.verifySerialization(message, true);
        }
    }
}
