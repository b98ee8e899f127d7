package io.hms.actors.cluster;

import static io.hms.actors.testing.SyncFixture.PACING;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.job.JobActor;
import io.hms.actors.local.Interceptor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Consequence;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
/** One ClusterActor downloading three epochs from real PeerActors over the in-JVM network. */
class ClusterActorTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final Policy P = Policy.TEST;
    static final PeerId NODE = new PeerId("node");
    static final PeerId P1 = new PeerId("peer1");
    static final PeerId P2 = new PeerId("peer2");
    static final GeneratorOptions OPTIONS = Chains.test(71, 3, 0, 31);
    static final SyncSettings SETTINGS = SyncFixture.testSettings().sync();

    @TempDir
    static Path dir;

    static TestChain served;

    LocalNetworkHub hub;
    Map<PeerId, ActorRef<PeerActor.Command>> peers;
    /** Hears both what goes to the supervisor and what goes to the JobActor, in arrival order. */
    TestProbe<Object> supervisor;

    @BeforeAll
    static void createChain() throws Exception {
        served = TestChains.create(dir.resolve("served"), OPTIONS);
    }

    @AfterAll
    static void shutdown() {
        served.close();
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void connect() {
        hub = new LocalNetworkHub(2);
        hub.register(NODE, served.chain(), 0);
        peers = new LinkedHashMap<>();
        for (PeerId p : List.of(P1, P2)) {
            hub.register(p, served.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
            hub.connect(NODE, p);
            peers.put(p, KIT.spawn(PeerActor.create(p, hub.network(NODE), 8, PACING, Clock.systemUTC())));
        }
        supervisor = KIT.createTestProbe();
    }

    @AfterEach
    void close() {
        hub.close();
    }

    static SyncCluster epochs(int first, int count) {
        List<Hash> ids = new ArrayList<>();
        for (int e = first; e < first + count; e++) {
            ids.add(served.chain()
                    .mainChainBlockAt(P.electionBlockOf(e))
                    .orElseThrow()
                    .hash());
        }
        return SyncCluster.ofEpochs(7, ids, first, P.electionBlockOf(first), PeerList.of(P1, P2));
    }

    static ClusterStart fromGenesis() {
        var genesis = served.spec().genesis();
        return new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(served.spec().networkId(), genesis),
                genesis.blockNumber(),
                genesis.blockNumber(),
                0);
    }

    ActorRef<ClusterActor.Command> spawn(SyncCluster cluster, ClusterStart start, SyncSettings settings) {
        return spawn(cluster, start, settings, Long.MAX_VALUE);
    }

    ActorRef<ClusterActor.Command> spawn(
            SyncCluster cluster, ClusterStart start, SyncSettings settings, long stageAbove) {
        return KIT.spawn(ClusterActor.create(
                cluster,
                start,
                peers,
                P,
                settings,
                HmsSettings.defaults().syncActors().withStageAboveItems(stageAbove),
                supervisor.getRef().narrow(),
                supervisor.getRef().narrow()));
    }

    /** Acknowledges every hand-off until the download ends; returns the handed-over block numbers. */
    List<Long> drain(List<Object> others, ClusterEvent.DownloadFinished[] end) {
        List<Long> blocks = new ArrayList<>();
        while (true) {
            Object e = supervisor.receiveMessage(Duration.ofSeconds(20));
            if (e instanceof JobActor.Push d) {
                blocks.add(d.batchSet().block().blockNumber());
                d.ackTo()
                        .tell(new JobActor.Accepted(
                                d.clusterId(), d.batchSet().block().hash(), true));
            } else if (e instanceof ClusterEvent.DownloadFinished f) {
                end[0] = f;
                return blocks;
            } else {
                others.add(e);
            }
        }
    }

    /** Everything the supervisor receives until nothing arrives for {@code quiet}. */
    List<Object> untilQuiet(Duration quiet) {
        List<Object> events = new ArrayList<>();
        while (true) {
            try {
                events.add(supervisor.receiveMessage(quiet));
            } catch (AssertionError nothingMore) {
                return events;
            }
        }
    }

    @Test
    void shouldHandOverEveryBatchSetInOrderWhenPeersServe() {
        spawn(epochs(1, 3), fromGenesis(), SETTINGS);
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        List<Long> blocks = drain(new ArrayList<>(), end);
        List<Long> expected = new ArrayList<>();
        for (long n = P.genesisBlockNumber() + P.blocksPerBatch(); n <= P.electionBlockOf(3); n += P.blocksPerBatch()) {
            expected.add(n);
        }
        assertThat(blocks).isEqualTo(expected);
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        assertThat(end[0].tip())
                .hasValueSatisfying(
                        tip -> assertThat(tip.predecessor().blockNumber()).isEqualTo(P.electionBlockOf(3)));
    }

    /** Above the staging threshold a batch set's chunks go out one by one, then the batch set without items. */
    @Test
    void shouldHandOverChunksForStagingWhenBatchSetIsLarge() {
        spawn(epochs(1, 1), fromGenesis(), SETTINGS, 0);
        List<Object> handedOver = new ArrayList<>();
        while (true) {
            Object e = supervisor.receiveMessage(Duration.ofSeconds(20));
            if (e instanceof JobActor.Stage c) {
                handedOver.add(c);
                c.ackTo().tell(new JobActor.Accepted(c.clusterId(), c.blockHash(), true));
            } else if (e instanceof JobActor.Push d) {
                handedOver.add(d);
                d.ackTo()
                        .tell(new JobActor.Accepted(
                                d.clusterId(), d.batchSet().block().hash(), true));
            } else if (e instanceof ClusterEvent.DownloadFinished f) {
                assertThat(f.outcome()).isEqualTo(ClusterOutcome.COMPLETED);
                break;
            }
        }
        assertThat(handedOver).hasSize(2 * P.batchesPerEpoch());
        for (int i = 0; i < handedOver.size(); i += 2) {
            JobActor.Stage chunk = (JobActor.Stage) handedOver.get(i);
            JobActor.Push set = (JobActor.Push) handedOver.get(i + 1);
            assertThat(set.staged()).isTrue();
            assertThat(set.batchSet().items()).isEmpty();
            assertThat(chunk.blockHash()).isEqualTo(set.batchSet().block().hash());
            assertThat(chunk.firstLeafIndex()).isEqualTo(set.batchSet().firstLeafIndex());
        }
    }

    @Test
    void shouldWaitForAcknowledgementWhenHandingOver() {
        spawn(epochs(1, 1), fromGenesis(), SETTINGS);
        JobActor.Push first;
        while (true) {
            Object e = supervisor.receiveMessage();
            if (e instanceof JobActor.Push d) {
                first = d;
                break;
            }
        }
        List<Object> meanwhile = untilQuiet(Duration.ofMillis(300));
        assertThat(meanwhile)
                .as("nothing more is handed over before the acknowledgement")
                .noneMatch(e -> e instanceof JobActor.Push);
        first.ackTo()
                .tell(new JobActor.Accepted(
                        first.clusterId(), first.batchSet().block().hash(), true));
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        assertThat(drain(new ArrayList<>(), end)).hasSize(P.batchesPerEpoch() - 1);
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.COMPLETED);
    }

    @Test
    void shouldFailWhenNoPeerCanServe() {
        for (PeerId p : List.of(P1, P2)) {
            hub.intercept(p, (from, request, honest) -> new Interceptor.Replace(BatchSetError.TARGET_HASH_NOT_FOUND));
        }
        spawn(epochs(1, 2), fromGenesis(), SETTINGS);
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        assertThat(drain(new ArrayList<>(), end)).isEmpty();
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.FAILED);
        assertThat(end[0].tip()).isEmpty();
    }

    @Test
    void shouldExcludeAndReportPeerWhenItSendsAnIncompleteChunk() {
        // The honest peer cannot prove the first chunk it is asked for, so that chunk is retried on the
        // peer that has not tried it: the liar is asked at least once whichever peer the scheduler
        // prefers (it prefers the faster, so without this the liar might never be asked).
        java.util.concurrent.atomic.AtomicBoolean firstChunk = new java.util.concurrent.atomic.AtomicBoolean(true);
        hub.intercept(
                P1,
                (from, request, honest) -> honest instanceof HistoryChunk && firstChunk.getAndSet(false)
                        ? new Interceptor.Replace(io.hms.protocol.message.HistoryChunkError.COULDNT_PRODUCE_PROOF)
                        : Interceptor.Deliver.INSTANCE);
        hub.intercept(
                P2,
                (from, request, honest) -> honest instanceof HistoryChunk c
                        ? new Interceptor.Replace(new HistoryChunk(new io.hms.protocol.proof.HistoryTreeChunk(
                                c.chunk().proof(),
                                c.chunk()
                                        .history()
                                        .subList(0, c.chunk().history().size() - 1))))
                        : Interceptor.Deliver.INSTANCE);
        spawn(
                epochs(1, 2),
                fromGenesis(),
                SyncFixture.withWindows(SyncFixture.testSettings(), 1, 1).sync());
        List<Object> others = new ArrayList<>();
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        assertThat(drain(others, end)).hasSize(2 * P.batchesPerEpoch());
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        List<ClusterEvent.PeerFaulted> faults = others.stream()
                .filter(e -> e instanceof ClusterEvent.PeerFaulted)
                .map(e -> (ClusterEvent.PeerFaulted) e)
                .toList();
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.peer()).isEqualTo(P2);
            assertThat(f.fault()).isEqualTo(new PeerFault.Chunk(ChunkFault.TOO_FEW_ITEMS));
            assertThat(f.fault().consequence()).isEqualTo(Consequence.BAN);
        });
        assertThat(hub.served(P2, RequestType.HISTORY_CHUNK))
                .as("chunks asked of the liar")
                .isEqualTo(1);
        long chunksOfTheEpochs = LongStream.of(1, 2)
                .map(e -> (served.chain().historyLength(e) + 1023) / 1024)
                .sum();
        assertThat(hub.served(P1, RequestType.HISTORY_CHUNK))
                .as("each chunk of an epoch asked once, and the one it could not prove once more")
                .isEqualTo(chunksOfTheEpochs + 1);
    }

    @Test
    void shouldDownloadOnlyKeptIdsWhenTruncated() {
        for (PeerId p : List.of(P1, P2)) {
            hub.intercept(p, (from, request, honest) -> new Interceptor.Delay(Duration.ofMillis(50)));
        }
        ActorRef<ClusterActor.Command> cluster = spawn(epochs(1, 3), fromGenesis(), SETTINGS);
        cluster.tell(new ClusterActor.Truncate(1));
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        List<Long> blocks = drain(new ArrayList<>(), end);
        assertThat(blocks).hasSize(P.batchesPerEpoch()).allMatch(n -> n <= P.electionBlockOf(1));
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        assertThat(end[0].tip())
                .hasValueSatisfying(
                        tip -> assertThat(tip.predecessor().blockNumber()).isEqualTo(P.electionBlockOf(1)));
    }

    @Test
    void shouldEndOutdatedWhenOurHeadIsAlreadyBeyondTheCluster() {
        ClusterStart ahead =
                new ClusterStart(fromGenesis().verifyState(), P.electionBlockOf(1), P.electionBlockOf(1), 0);
        spawn(epochs(1, 1), ahead, SETTINGS);
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        assertThat(drain(new ArrayList<>(), end)).isEmpty();
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.OUTDATED);
    }

    @Test
    void shouldFailWhenNothingVerifiesBeforeTheWatchdogFires() {
        for (PeerId p : List.of(P1, P2)) {
            hub.intercept(p, (from, request, honest) -> Interceptor.Drop.INSTANCE);
        }
        HmsSettings quick = SyncFixture.testSettings();
        SyncSettings s = quick.sync();
        SyncSettings watchdog = new SyncSettings(
                s.maxClusters(),
                s.maxQueuedJobs(),
                s.batchSetsInFlight(),
                s.chunksInFlight(),
                s.maxRequestEpochs(),
                s.chunkSize(),
                s.minAttempts(),
                s.maxAttempts(),
                Duration.ofSeconds(5),
                s.recheckInterval(),
                Duration.ofMillis(500));
        spawn(epochs(1, 1), fromGenesis(), watchdog);
        ClusterEvent.DownloadFinished[] end = new ClusterEvent.DownloadFinished[1];
        assertThat(drain(new ArrayList<>(), end)).isEmpty();
        assertThat(end[0].outcome()).isEqualTo(ClusterOutcome.FAILED);
        assertThat(end[0].reason()).contains("no progress");
    }
}
