package io.hms.actors.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.cluster.RangeStart;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.testing.Chains;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerDesk;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChainProof;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Fault;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses nodes goes through hms's binary serializer (id 7315) and comes back
 * equal; a batch set costs its canonical encoding (block, items, leaf hashes) plus a few bytes.
 */
class WireSerializerTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId PEER = new PeerId("127.0.0.1:4001");
    /** Framing a batch-set message adds at most (bytes): ids, flags, counts and the ack ref's path. */
    static final int FRAMING = 200;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @SuppressWarnings("unchecked")
    static <T> ActorRef<T> ref() {
        return (ActorRef<T>) (ActorRef<?>) KIT.createTestProbe().getRef();
    }

    @Test
    void shouldRoundTripEveryMessageThatCrossesNodesInBinary() throws Exception {
        ChainGenerator generator = new ChainGenerator(Chains.unit(81, 1, 0, 3));
        List<GeneratedBatch> batches = generator.generateAll();
        GeneratedBatch batch = batches.get(3);
        CompleteBatchSet set =
                new CompleteBatchSet(batch.block(), batch.firstLeafIndex(), batch.items(), 3, 1, Optional.empty());
        GeneratedBatch first = batches.get(1);
        CompleteBatchSet chained = new CompleteBatchSet(
                first.block().withoutJustification(),
                first.firstLeafIndex(),
                first.items(),
                1,
                1,
                Optional.of(new ChainProof(
                        batch.block(), List.of(batches.get(2).block().header()))));
        BatchSetVerifyState state =
                BatchSetVerifyState.afterElectionBlock(generator.spec().networkId(), batch.block());
        SyncCluster cluster = SyncCluster.ofEpochs(
                7, List.of(batch.block().hash(), first.block().hash()), 1, 16, PeerList.of(PEER, new PeerId("b:2")));
        List<Object> messages = List.of(
                new JobActor.Push(2, set, false, ref()),
                new JobActor.Push(2, chained, true, ref()),
                new JobActor.Stage(2, batch.block().hash(), 16, 0, batch.items(), ref()),
                new JobActor.Accepted(2, batch.block().hash(), true),
                new ClusterEvent.Progress(2, new SyncEvent.ChunkReceived(2, PEER, 1, 16, 0, 3, 800_000)),
                new ClusterEvent.Progress(2, new SyncEvent.BatchSetVerified(2, PEER, 1, 16, 4, 12, 1_500_000)),
                new ClusterEvent.PeerFaulted(2, PEER, new PeerFault.Chunk(ChunkFault.TOO_FEW_ITEMS), "prefix"),
                new ClusterEvent.DownloadFinished(2, ClusterOutcome.COMPLETED, "done", Optional.of(state)),
                new ClusterEvent.DownloadFinished(2, ClusterOutcome.FAILED, "", Optional.empty()),
                new WorkerDesk.Register(ref(), 2),
                new WorkerActor.Welcome(
                        generator.spec().networkId(), generator.spec().genesisHash(), Policy.UNIT),
                new WorkerActor.Assign(cluster, new ClusterStart(state, 16, 16, 5), ref(), ref()),
                new WorkerActor.Assign(
                        cluster,
                        new RangeStart.Anchor(
                                generator.spec().networkId(), batch.block().hash(), 16),
                        ref(),
                        ref()),
                new WorkerActor.AddPeer(7, PEER),
                new WorkerActor.RemovePeer(PEER),
                new WorkerActor.Truncate(7, 1),
                new WorkerActor.Abort(7),
                new WorkerActor.Ban(PEER, new PeerFault.Verification(Fault.RANGE_PROOF_INVALID), "tampered"),
                new WorkerActor.Ban(PEER, new PeerFault.Breach("MALFORMED_FRAME"), "garbage"));
        var serialization = SerializationExtension.get(Adapter.toClassic(KIT.system()));
        for (Object message : messages) {
            var serializer = serialization.findSerializerFor(message);
            assertThat(serializer.identifier()).as("serializer of %s", message).isEqualTo(WireSerializer.IDENTIFIER);
            byte[] bytes = serializer.toBinary(message);
            Object back = serialization
                    .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
                    .get();
            assertThat(back).as("round trip of %s", message).isEqualTo(message);
        }
        assertThat(bytesOf(serialization, new JobActor.Push(2, set, false, ref())))
                .isBetween(canonical(set), canonical(set) + FRAMING);
        JobActor.Stage stage = new JobActor.Stage(2, batch.block().hash(), 16, 0, batch.items(), ref());
        assertThat(bytesOf(serialization, stage))
                .isBetween(itemsAndHashes(batch.items()), itemsAndHashes(batch.items()) + FRAMING);
    }

    static int bytesOf(org.apache.pekko.serialization.Serialization s, Object message) {
        return s.serialize(message).get().length;
    }

    /** The block, its items and their leaf hashes in the protocol's own encoding. */
    static int canonical(CompleteBatchSet set) {
        return MacroBlock.CODEC.encode(set.block()).length + itemsAndHashes(set.items());
    }

    static int itemsAndHashes(List<HistoricTransaction> items) {
        Writer out = new Writer();
        out.list(items, HistoricTransaction.CODEC);
        return out.size() + 64 * items.size();
    }
}
