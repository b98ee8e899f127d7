package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.RecordingNetwork;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The end-to-end scenarios of SPEC §6.5 over the in-JVM network, on the TEST geometry. */
@ExtendWith(LogCapturingExtension.class)
class MacroSyncScenariosTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final Policy P = Policy.TEST;
    static final PeerId PEER = new PeerId("peer");

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Syncs from one peer holding {@code options}' chain; the first result must be Good and the heads equal. */
    private void syncFromOnePeer(GeneratorOptions options) throws Exception {
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain peer = f.server(PEER, options);
            f.connect(PEER);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
            assertThat(f.node().chain().headBlockNumber())
                    .isEqualTo(peer.chain().headBlockNumber());
            StoreComparison.assertSameChain(f.node().chain(), peer.chain());
        }
    }

    /** SPEC §6.7 (consensus history_sync): 0, 1, 2, N−1, N, N+1, N+2 and 2N macro blocks. */
    @ParameterizedTest(name = "{0} macro blocks")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 8})
    void shouldReportGoodAndMatchPeerWhenPeerHasSomeMacroBlocks(int macroBlocks) throws Exception {
        int n = P.batchesPerEpoch();
        syncFromOnePeer(Chains.test(100 + macroBlocks, macroBlocks / n, macroBlocks % n, 31));
    }

    @Test
    void shouldReportGoodAndStayAtGenesisWhenNothingToSync() throws Exception {
        GeneratorOptions genesisOnly = Chains.test(1, 0, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(genesisOnly);
            f.server(PEER, genesisOnly);
            f.connect(PEER);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
            assertThat(f.node().chain().headBlockNumber()).isEqualTo(P.genesisBlockNumber());
            assertThat(f.seen(SyncEvent.ClusterStarted.class)).isEmpty();
        }
    }

    @Test
    void shouldSyncWhenPeerHasOneFinalizedEpoch() throws Exception {
        syncFromOnePeer(Chains.test(2, 1, 0, 31));
    }

    @Test
    void shouldSyncWhenPeerHasSeveralFinalizedEpochs() throws Exception {
        syncFromOnePeer(Chains.test(3, 2, 0, 31));
    }

    @Test
    void shouldSyncThroughCheckpointClusterWhenPeerHasOnlyOneBatch() throws Exception {
        syncFromOnePeer(Chains.test(4, 0, 1, 31));
    }

    @Test
    void shouldSyncWhenPeerHasSeveralBatchesOfTheFirstEpoch() throws Exception {
        syncFromOnePeer(Chains.test(5, 0, 3, 31));
    }

    @Test
    void shouldSyncEpochsAndCheckpointWhenPeerIsInsideAnEpoch() throws Exception {
        syncFromOnePeer(Chains.test(6, 2, 2, 31));
    }

    /**
     * §6.5 case 6: our store already holds the first batch (more than one chunk of history); only
     * the chunks from the one that straddles our position on are requested.
     */
    @Test
    void shouldDownloadOnlyMissingChunksWhenStoreHoldsPartOfTheEpoch() throws Exception {
        GeneratorOptions options = Chains.test(7, 0, 2, 31 * 50);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options, 1);
            TestChain peer = f.server(PEER, options);
            List<GeneratedBatch> batches = peer.batches();
            long first = batches.get(0).historyLength();
            long second = batches.get(1).historyLength();
            assertThat(first).as("history of the first batch spans chunks").isGreaterThan(1024);
            f.connect(PEER);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
            StoreComparison.assertSameChain(f.node().chain(), peer.chain());
            long missingChunks = ceilDiv(second, 1024) - first / 1024;
            assertThat(f.hub().served(PEER, RequestType.HISTORY_CHUNK)).isEqualTo(missingChunks);
            assertThat(missingChunks).isLessThan(ceilDiv(first, 1024) + missingChunks);
        }
    }

    /**
     * SPEC §7.2 item 17, through the actors: our head is epoch 1's election block, so in epoch 2 we
     * know no leaf. The original counted epoch 1's leaves (here more than six chunks) as known in
     * epoch 2, skipped that many of epoch 2's chunks and then failed the push or applied nothing;
     * hms asks for every chunk of epoch 2 exactly once and applies it.
     */
    @Test
    void shouldDownloadEveryChunkOfTheNewEpochWhenOurHeadIsTheElectionBlockBeforeIt() throws Exception {
        GeneratorOptions options = Chains.test(11, 2, 0, 31 * 50);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options, P.batchesPerEpoch());
            TestChain peer = f.server(PEER, options);
            long leavesOfEpoch1 = f.node().chain().historyLength(1);
            assertThat(f.node().chain().headBlockNumber()).isEqualTo(P.electionBlockOf(1));
            assertThat(leavesOfEpoch1).isGreaterThan(6 * 1024);
            f.connect(PEER);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
            StoreComparison.assertSameChain(f.node().chain(), peer.chain());
            assertThat(f.hub().served(PEER, RequestType.HISTORY_CHUNK))
                    .isEqualTo(ceilDiv(peer.chain().historyLength(2), 1024));
            assertThat(f.seen(SyncEvent.ClusterFinished.class))
                    .extracting(SyncEvent.ClusterFinished::outcome)
                    .containsOnly(io.hms.engine.sync.clustering.ClusterOutcome.COMPLETED);
        }
    }

    /** The same resumed sync with every batch set staged in the store instead of assembled in memory. */
    @Test
    void shouldDownloadOnlyMissingChunksWhenBatchSetsAreStagedInTheStore() throws Exception {
        GeneratorOptions options = Chains.test(10, 1, 2, 31 * 50);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options, 1);
            TestChain peer = f.server(PEER, options);
            List<GeneratedBatch> batches = peer.batches();
            // every leaf once per epoch (SPEC §0 "Scale"): from the chunk holding the epoch's first leaf
            // we lack up to its final block's length, all proved against that final block
            java.util.Map<Long, long[]> epochs = new java.util.TreeMap<>();
            for (GeneratedBatch b : batches.subList(1, batches.size())) {
                long[] range = epochs.computeIfAbsent(
                        options.policy().epochAt(b.block().blockNumber()), e -> new long[] {b.firstLeafIndex(), 0});
                range[1] = Math.max(range[1], b.historyLength());
            }
            long expectedChunks = 0;
            for (long[] range : epochs.values()) {
                expectedChunks += ceilDiv(range[1], 1024) - range[0] / 1024;
            }
            f.connect(PEER);
            f.start(SyncFixture.withStaging(SyncFixture.testSettings(), 0));
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
            StoreComparison.assertSameChain(f.node().chain(), peer.chain());
            assertThat(f.hub().served(PEER, RequestType.HISTORY_CHUNK)).isEqualTo(expectedChunks);
        }
    }

    /**
     * §6.5 case 7, as strict as the original: three peers a batch apart, each offering only a
     * checkpoint of epoch 1; the events are exactly Good(peer4), Outdated(peer3), Outdated(peer2). The
     * latest checkpoint wins; the other two clusters are trimmed to nothing, so peers 2 and 3 are
     * never asked for batch sets or chunks and are Outdated once asked again.
     *
     * <p>Which of the two is asked again first is hms's decision: ClusterSelector takes peer3's later
     * checkpoint before peer2's, the JobActor reaches their finish jobs in that order, and
     * ClusterLifecycle.finishReached re-asks in that order (ClusterActivationTest
     * .shouldAskTheLaterCheckpointsPeerAgainFirstWhenTheCheckpointsAreBatchesApart). The order in
     * which the two answers then arrive is not: each goes out through its own PeerActor and the
     * hub's handler threads, and the supervisor handles answers in completion order (SPEC §4.2),
     * while the original's single-threaded mock network answers in the order asked. So the network
     * is made to answer in the order asked, as the original's does: peer2's second answer is held
     * until peer3's result is out.
     */
    @Test
    void shouldFollowLatestCheckpointWhenPeersAreBatchesApart() throws Exception {
        PeerId p2 = new PeerId("peer2");
        PeerId p3 = new PeerId("peer3");
        PeerId p4 = new PeerId("peer4");
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(Chains.test(8, 0, 0, 31));
            f.server(p2, Chains.test(8, 0, 1, 31));
            f.server(p3, Chains.test(8, 0, 2, 31));
            TestChain chain4 = f.server(p4, Chains.test(8, 0, 3, 31));
            f.connect(p2, p3, p4); // all three are announced together when the sync starts
            AtomicReference<RecordingNetwork> holder = new AtomicReference<>();
            f.start(SyncFixture.testSettings(), n -> {
                RecordingNetwork net = new RecordingNetwork(n);
                net.hold(s -> s.peer().equals(p2)
                        && s.request() instanceof RequestMacroChain
                        && net.sent(p2, RequestMacroChain.class).size() >= 2);
                holder.set(net);
                return net;
            });
            RecordingNetwork net = holder.get();

            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(p4));
            assertThat(f.nextReturn()).isInstanceOfSatisfying(MacroSyncReturn.Outdated.class, o -> {
                assertThat(o.peer()).isEqualTo(p3);
                assertThat(o.reason()).isEqualTo(OutdatedReason.NOTHING_NEW);
            });
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> net.heldCount() == 1);
            net.holdNothing();
            assertThat(f.nextReturn()).isInstanceOfSatisfying(MacroSyncReturn.Outdated.class, o -> {
                assertThat(o.peer()).isEqualTo(p2);
                assertThat(o.reason()).isEqualTo(OutdatedReason.NOTHING_NEW);
            });
            assertThat(f.seen(MacroSyncReturn.class)).hasSize(3);
            StoreComparison.assertSameChain(f.node().chain(), chain4.chain());
            for (PeerId stale : List.of(p2, p3)) {
                assertThat(f.hub().served(stale, RequestType.BATCH_SET)).isZero();
                assertThat(f.hub().served(stale, RequestType.HISTORY_CHUNK)).isZero();
            }
        }
    }

    /** §6.5 case 8 (a): the second of two identical peers disconnects mid-sync and stays away. */
    @Test
    void shouldFinishFromRemainingPeerWhenOtherDisconnectsMidSync() throws Exception {
        disconnectDuringSync(false);
    }

    /** §6.5 case 8 (b): the second peer disconnects mid-sync and comes back later. */
    @Test
    void shouldFinishWhenPeerDisconnectsAndReconnectsMidSync() throws Exception {
        disconnectDuringSync(true);
    }

    /**
     * As strict as the original's test: every result is Good (an Outdated fails it), the first one
     * with our head at the peers' head. "Mid-sync" is made deterministic by holding every chunk
     * answer: the epoch cluster is downloading and none of its batch sets is queued when peer2
     * leaves and when it comes back, so peer2's epoch ids join the running cluster. (Back while the
     * cluster's last batch set is queued but its finish is not, peer2 would be Outdated NOTHING_NEW
     * by SPEC §4.5 step 4 and asked again later; that moment is not reached here.)
     */
    private void disconnectDuringSync(boolean reconnect) throws Exception {
        GeneratorOptions options = Chains.test(9, 1, 3, 31);
        PeerId p1 = new PeerId("peer1");
        PeerId p2 = new PeerId("peer2");
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain chain1 = f.server(p1, options);
            f.server(p2, options);
            f.connect(p1, p2);
            AtomicReference<RecordingNetwork> holder = new AtomicReference<>();
            f.start(SyncFixture.testSettings(), n -> {
                holder.set(new RecordingNetwork(n));
                holder.get().hold(s -> s.request() instanceof RequestHistoryChunk);
                return holder.get();
            });
            RecordingNetwork net = holder.get();
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> net.heldCount() > 0);
            f.hub().disconnect(SyncFixture.NODE, p2);
            if (reconnect) {
                f.connect(p2);
                Awaitility.await()
                        .atMost(30, TimeUnit.SECONDS)
                        .until(() -> f.sync()
                                .status()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .peerClusterCounts()
                                .containsKey(p2));
            }
            assertThat(f.seen(SyncEvent.BatchSetApplied.class)).isEmpty();
            net.holdNothing();

            MacroSyncReturn first = f.nextReturn();
            assertThat(first).isInstanceOf(MacroSyncReturn.Good.class);
            assertThat(f.node().chain().headBlockNumber())
                    .isEqualTo(chain1.chain().headBlockNumber());
            f.awaitSynced();
            assertThat(f.returnsOf(p1)).containsExactly(new MacroSyncReturn.Good(p1));
            assertThat(f.returnsOf(p2)).isEqualTo(reconnect ? List.of(new MacroSyncReturn.Good(p2)) : List.of());
            StoreComparison.assertSameChain(f.node().chain(), chain1.chain());
            assertThat(f.seen(SyncEvent.PeerBanned.class)).isEmpty();
            assertThat(f.hub().disconnections()).isEmpty();
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
