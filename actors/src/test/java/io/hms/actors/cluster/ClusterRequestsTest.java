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
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.verifier.BatchSetVerifyState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's request queue as the product runs it (SPEC §4.8, §6.6; §7.2 items 16 and 20): the
 * ClusterActor's stream over real PeerActors on the in-JVM network. Ordering and the windows come
 * from the stream's {@code mapAsync}, retries from {@link PeerFetch} ({@code PeerFetchTest}).
 */
class ClusterRequestsTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final Policy P = Policy.TEST;
    static final PeerId NODE = new PeerId("node");
    static final PeerId P1 = new PeerId("peer1");
    static final PeerId P2 = new PeerId("peer2");
    static final PeerId P3 = new PeerId("peer3");
    static final SyncSettings SETTINGS = SyncFixture.testSettings().sync();

    @TempDir
    static Path dir;

    static TestChain served;

    final LocalNetworkHub hub = new LocalNetworkHub(2);
    /** Stands for both the supervisor (cluster events) and the JobActor (hand-offs). */
    final TestProbe<Object> supervisor = KIT.createTestProbe();

    @BeforeAll
    static void createChain() throws Exception {
        served = TestChains.create(dir.resolve("served"), Chains.test(72, 4, 0, 31));
    }

    @AfterAll
    static void shutdown() {
        served.close();
        KIT.shutdownTestKit();
    }

    @AfterEach
    void close() {
        hub.close();
    }

    Map<PeerId, ActorRef<PeerActor.Command>> connect(PeerId... ids) {
        hub.register(NODE, served.chain(), 0);
        Map<PeerId, ActorRef<PeerActor.Command>> peers = new LinkedHashMap<>();
        for (PeerId p : ids) {
            hub.register(p, served.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
            hub.connect(NODE, p);
            peers.put(p, KIT.spawn(PeerActor.create(p, hub.network(NODE), 8, PACING, Clock.systemUTC())));
        }
        return peers;
    }

    static Hash idOf(long epoch) {
        return served.chain()
                .mainChainBlockAt(P.electionBlockOf(epoch))
                .orElseThrow()
                .hash();
    }

    ActorRef<ClusterActor.Command> spawn(int epochs, Map<PeerId, ActorRef<PeerActor.Command>> peers, SyncSettings s) {
        List<Hash> ids = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            ids.add(idOf(e));
        }
        SyncCluster cluster = SyncCluster.ofEpochs(3, ids, 1, P.electionBlockOf(1), PeerList.of(peers.keySet()));
        var genesis = served.spec().genesis();
        ClusterStart start = new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(served.spec().networkId(), genesis),
                genesis.blockNumber(),
                genesis.blockNumber(),
                0);
        return KIT.spawn(ClusterActor.create(
                cluster,
                start,
                peers,
                P,
                s,
                HmsSettings.defaults().syncActors(),
                supervisor.getRef().narrow(),
                supervisor.getRef().narrow()));
    }

    /** Acknowledges every hand-off until the download ends; the handed-over blocks, then the end. */
    record Download(List<Long> blocks, List<ClusterEvent.PeerFaulted> faults, ClusterEvent.DownloadFinished end) {}

    Download drain() {
        List<Long> blocks = new ArrayList<>();
        List<ClusterEvent.PeerFaulted> faults = new ArrayList<>();
        while (true) {
            Object e = supervisor.receiveMessage(Duration.ofSeconds(30));
            if (e instanceof JobActor.Push d) {
                blocks.add(d.batchSet().block().blockNumber());
                d.ackTo()
                        .tell(new JobActor.Accepted(
                                d.clusterId(), d.batchSet().block().hash(), true));
            } else if (e instanceof ClusterEvent.PeerFaulted f) {
                faults.add(f);
            } else if (e instanceof ClusterEvent.DownloadFinished f) {
                return new Download(blocks, faults, f);
            }
        }
    }

    static List<Long> batchesOfEpochs(long first, long last) {
        List<Long> out = new ArrayList<>();
        for (long n = P.electionBlockOf(first - 1) + P.blocksPerBatch();
                n <= P.electionBlockOf(last);
                n += P.blocksPerBatch()) {
            out.add(n);
        }
        return out;
    }

    @Test
    void shouldFailTheClusterWithTheFirstIdWhenThereAreNoPeers() {
        // SPEC §6.6: ids 1..4, no peers, window 1, every request fails -> the first output is Err(1)
        spawn(
                4,
                connect(),
                SyncFixture.withWindows(SyncFixture.testSettings(), 1, 1).sync());

        Download d = drain();

        assertThat(d.blocks()).isEmpty();
        assertThat(d.end().outcome()).isEqualTo(ClusterOutcome.FAILED);
        assertThat(d.end().reason()).startsWith("batch set " + idOf(1).shortHex() + ": no peer left");
    }

    @Test
    void shouldHandOverInIdOrderWhenLaterIdsAnswerFirst() {
        Set<Hash> slow = Set.of(idOf(1), idOf(2));
        Map<PeerId, ActorRef<PeerActor.Command>> peers = connect(P1, P2);
        for (PeerId p : peers.keySet()) {
            hub.intercept(
                    p,
                    (from, request, honest) -> request instanceof RequestBatchSet r && slow.contains(r.hash())
                            ? new Interceptor.Delay(Duration.ofMillis(r.hash().equals(idOf(1)) ? 600 : 300))
                            : Interceptor.Deliver.INSTANCE);
        }
        spawn(4, peers, SETTINGS);

        Download d = drain();

        assertThat(d.end().outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        assertThat(d.blocks()).isEqualTo(batchesOfEpochs(1, 4));
    }

    @Test
    void item20IdsCutByASplitThatNoPeerServesDoNotFailTheKeptPart() {
        // the original kept in-flight work beyond a split and retried it on the peer added by the split,
        // which may not have it: the cluster then ended with an error. Here the cut ids fail on every
        // peer, the new one included, and the kept epoch completes.
        Map<PeerId, ActorRef<PeerActor.Command>> peers = connect(P1, P2, P3);
        Set<Hash> cut = Set.of(idOf(2), idOf(3), idOf(4));
        for (PeerId p : peers.keySet()) {
            hub.intercept(
                    p,
                    (from, request, honest) -> request instanceof RequestBatchSet r && cut.contains(r.hash())
                            ? new Interceptor.Replace(BatchSetError.TARGET_HASH_NOT_FOUND)
                            : Interceptor.Deliver.INSTANCE);
        }
        ActorRef<PeerActor.Command> added = peers.remove(P3);
        ActorRef<ClusterActor.Command> cluster = spawn(4, peers, SETTINGS);
        cluster.tell(new ClusterActor.Truncate(1));
        cluster.tell(new ClusterActor.AddPeer(P3, added));

        Download d = drain();

        assertThat(d.end().outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        assertThat(d.blocks()).isEqualTo(batchesOfEpochs(1, 1));
        assertThat(d.end().tip())
                .hasValueSatisfying(
                        tip -> assertThat(tip.predecessor().blockNumber()).isEqualTo(P.electionBlockOf(1)));
    }

    @Test
    void item20ThePeerAddedWithASplitIsNeverAskedForTheIdsCutOff() {
        // the original retried in-flight work beyond a split on the peer the split added; on another
        // chain that peer answers for its own block at that height, fails the client's checks and is
        // banned although it never lied (seen as honest peers banned PROOF_SIZE_MISMATCH next to a
        // fork). Here the original peers never answer the cut ids, which are already in flight when
        // the split comes, so each of them is retried and looks for another peer; the added one must
        // not be it.
        Map<PeerId, ActorRef<PeerActor.Command>> peers = connect(P1, P2, P3);
        Set<Hash> cut = Set.of(idOf(2), idOf(3), idOf(4));
        List<Request> cutInFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Request> askedOfAdded = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (PeerId p : List.of(P1, P2)) {
            hub.intercept(p, (from, request, honest) -> {
                if (request instanceof RequestBatchSet r && cut.contains(r.hash())) {
                    cutInFlight.add(request);
                    return Interceptor.Drop.INSTANCE;
                }
                return Interceptor.Deliver.INSTANCE;
            });
        }
        hub.intercept(P3, (from, request, honest) -> {
            askedOfAdded.add(request);
            return Interceptor.Deliver.INSTANCE;
        });
        ActorRef<PeerActor.Command> added = peers.remove(P3);
        ActorRef<ClusterActor.Command> cluster = spawn(4, peers, SETTINGS);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> cutInFlight.size() >= 2);
        cluster.tell(new ClusterActor.Truncate(1));
        cluster.tell(new ClusterActor.AddPeer(P3, added));

        Download d = drain();

        assertThat(d.end().outcome()).isEqualTo(ClusterOutcome.COMPLETED);
        assertThat(d.blocks()).isEqualTo(batchesOfEpochs(1, 1));
        assertThat(askedOfAdded)
                .as("requests the added peer got")
                .noneMatch(r -> r instanceof RequestBatchSet b && cut.contains(b.hash()))
                .noneMatch(r -> r instanceof RequestHistoryChunk c && c.epochNumber() >= 2);
    }

    @Test
    void item16ALoneLiarEndsTheDownloadFailedWithNothingHandedOver() {
        Map<PeerId, ActorRef<PeerActor.Command>> peers = connect(P1);
        hub.intercept(
                P1,
                (from, request, honest) -> honest instanceof HistoryChunk c
                        ? new Interceptor.Replace(new HistoryChunk(new HistoryTreeChunk(
                                c.chunk().proof(),
                                c.chunk()
                                        .history()
                                        .subList(0, c.chunk().history().size() - 1))))
                        : Interceptor.Deliver.INSTANCE);
        spawn(2, peers, SETTINGS);

        Download d = drain();

        assertThat(d.end().outcome()).as("no stall: the cluster ends").isEqualTo(ClusterOutcome.FAILED);
        assertThat(d.blocks()).as("nothing from a lie reaches the store").isEmpty();
        assertThat(d.faults())
                .singleElement()
                .satisfies(f -> assertThat(f.peer()).isEqualTo(P1));
    }
}
