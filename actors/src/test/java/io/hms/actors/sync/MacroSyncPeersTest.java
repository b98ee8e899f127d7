package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.Interceptor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.verifier.Consequence;
import io.hms.verifier.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several peers: shared clusters, forks, peers behind, incompatible, leaving and lying peers. */
@ExtendWith(LogCapturingExtension.class)
class MacroSyncPeersTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId P1 = new PeerId("peer1");
    static final PeerId P2 = new PeerId("peer2");
    static final PeerId P3 = new PeerId("peer3");
    static final int N = Policy.TEST.batchesPerEpoch();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldShareOneClusterWhenTwoPeersOfferTheSameChain() throws Exception {
        GeneratorOptions options = Chains.test(11, 3, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain chain = f.server(P1, options);
            f.server(P2, options);
            // peer1 is asked first (ties go to the smaller id) and answers late, so the cluster's next
            // requests find it busy and go to peer2: without the delay a fast peer1 could take them all
            // (a CI run saw peer2 serve nothing)
            f.hub().intercept(P1, (requester, request, honest) -> new Interceptor.Delay(Duration.ofMillis(100)));
            f.connect(P1, P2);
            f.start(SyncFixture.testSettings());
            assertThat(List.of(f.nextReturn(), f.nextReturn()))
                    .containsExactlyInAnyOrder(new MacroSyncReturn.Good(P1), new MacroSyncReturn.Good(P2));
            StoreComparison.assertSameChain(f.node().chain(), chain.chain());
            List<SyncEvent.ClusterStarted> started = f.seen(SyncEvent.ClusterStarted.class);
            assertThat(started).hasSize(1);
            assertThat(started.get(0).peers()).containsExactlyInAnyOrder(P1, P2);
            assertThat(started.get(0).ids()).isEqualTo(3);
            for (PeerId p : List.of(P1, P2)) {
                assertThat(f.hub().served(p, RequestType.BATCH_SET) + f.hub().served(p, RequestType.HISTORY_CHUNK))
                        .as("requests served by %s", p)
                        .isPositive();
            }
        }
    }

    /**
     * Two peers agree on epochs 1 and 2 and fork at epoch 3: the shared prefix is one cluster with
     * both peers and is applied once; the node then follows the branch SPEC §4.6 orders first
     * (here: the smaller epoch-3 id) and the peer on the other branch ends Outdated.
     */
    @Test
    void shouldSyncPrefixOnceAndFollowOneBranchWhenPeersFork() throws Exception {
        int k = 3;
        GeneratorOptions a = Chains.test(12, 5, 0, 31);
        GeneratorOptions b = a.withFork(k, 99);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(a);
            TestChain chainA = f.server(P1, a);
            TestChain chainB = f.server(P2, b);
            var idA = chainA.chain()
                    .mainChainBlockAt(Policy.TEST.electionBlockOf(k))
                    .orElseThrow()
                    .hash();
            var idB = chainB.chain()
                    .mainChainBlockAt(Policy.TEST.electionBlockOf(k))
                    .orElseThrow()
                    .hash();
            assertThat(idA).isNotEqualTo(idB);
            boolean aWins = idA.compareTo(idB) < 0;
            PeerId winner = aWins ? P1 : P2;
            PeerId loser = aWins ? P2 : P1;
            f.connect(P1, P2);
            f.start(SyncFixture.testSettings());
            List<MacroSyncReturn> results = List.of(f.nextReturn(), f.nextReturn());
            assertThat(results).contains(new MacroSyncReturn.Good(winner));
            assertThat(results)
                    .filteredOn(r -> r.peer().equals(loser))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            MacroSyncReturn.Outdated.class,
                            o -> assertThat(o.reason()).isEqualTo(OutdatedReason.UNKNOWN_LOCATORS));
            StoreComparison.assertSameChain(f.node().chain(), (aWins ? chainA : chainB).chain());
            SyncEvent.ClusterStarted prefix =
                    f.seen(SyncEvent.ClusterStarted.class).get(0);
            assertThat(prefix.firstEpoch()).isEqualTo(1);
            assertThat(prefix.ids()).isEqualTo(k - 1);
            assertThat(prefix.peers()).containsExactlyInAnyOrder(P1, P2);
            assertThat(f.seen(SyncEvent.BatchSetApplied.class).stream().filter(e -> e.epoch() < k))
                    .as("batch sets of the common prefix applied once each")
                    .hasSize((k - 1) * N);
            assertThat(f.seen(SyncEvent.PeerBanned.class)).isEmpty();
        }
    }

    @Test
    void shouldReportOutdatedAndNotBanWhenPeerIsBehind() throws Exception {
        GeneratorOptions ours = Chains.test(13, 2, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(ours, 2 * N);
            f.server(P1, Chains.test(13, 1, 0, 31));
            f.connect(P1);
            f.start(SyncFixture.testSettings());
            MacroSyncReturn r = f.nextReturn();
            assertThat(r)
                    .isInstanceOfSatisfying(
                            MacroSyncReturn.Outdated.class,
                            o -> assertThat(o.reason()).isEqualTo(OutdatedReason.UNKNOWN_LOCATORS));
            assertThat(f.hub().disconnections()).isEmpty();
            assertThat(f.hub().isConnected(SyncFixture.NODE, P1)).isTrue();
            assertThat(f.node().chain().headBlockNumber()).isEqualTo(Policy.TEST.electionBlockOf(2));
        }
    }

    /**
     * A peer whose epoch ids skip an epoch offers batch sets that cannot follow our chain: the
     * verifier's faults are of the RETRY kind (the data may be genuine, it just does not fit us), so
     * the peer's cluster fails and the peer is reported Outdated — not banned.
     */
    @Test
    void shouldReportOutdatedAndNotBanWhenPeersBatchSetsDoNotFitOurChain() throws Exception {
        GeneratorOptions options = Chains.test(17, 3, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options, N);
            TestChain chain = f.server(P1, options);
            var third = chain.chain()
                    .mainChainBlockAt(Policy.TEST.electionBlockOf(3))
                    .orElseThrow()
                    .hash();
            f.hub()
                    .intercept(
                            P1,
                            (requester, request, honest) -> honest instanceof io.hms.protocol.message.MacroChain
                                    ? new Interceptor.Replace(new io.hms.protocol.message.MacroChain(
                                            List.of(third), java.util.Optional.empty()))
                                    : Interceptor.Deliver.INSTANCE);
            f.connect(P1);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn())
                    .isInstanceOfSatisfying(
                            MacroSyncReturn.Outdated.class,
                            o -> assertThat(o.reason()).isEqualTo(OutdatedReason.CLUSTER_FAILED));
            assertThat(f.seen(SyncEvent.ClusterFinished.class))
                    .singleElement()
                    .satisfies(c ->
                            assertThat(c.outcome()).isEqualTo(io.hms.engine.sync.clustering.ClusterOutcome.FAILED));
            assertThat(f.seen(SyncEvent.PeerBanned.class)).isEmpty();
            assertThat(f.hub().disconnections()).isEmpty();
            assertThat(f.node().chain().headBlockNumber()).isEqualTo(Policy.TEST.electionBlockOf(1));
        }
    }

    @Test
    void shouldReportIncompatibleAndSyncFromOthersWhenPeerLacksHistoryService() throws Exception {
        GeneratorOptions options = Chains.test(14, 1, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain chain = f.server(P1, options);
            f.server(P2, options, 0);
            f.connect(P2, P1);
            f.start(SyncFixture.testSettings());
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Incompatible(P2, 0));
            assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(P1));
            StoreComparison.assertSameChain(f.node().chain(), chain.chain());
            assertThat(f.hub().served(P2, RequestType.MACRO_CHAIN)).isZero();
        }
    }

    @Test
    void shouldFinishFromOthersWhenPeerLeavesMidSync() throws Exception {
        GeneratorOptions options = Chains.test(15, 3, 1, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain chain = f.server(P1, options);
            f.server(P2, options);
            f.server(P3, options);
            Interceptor slow = (requester, request, honest) -> new Interceptor.Delay(Duration.ofMillis(20));
            List.of(P1, P2, P3).forEach(p -> f.hub().intercept(p, slow));
            f.connect(P1, P2, P3);
            f.start(SyncFixture.testSettings());
            SyncEvent e;
            do {
                e = f.next();
            } while (!(e instanceof SyncEvent.ChunkReceived c && c.peer().equals(P2)));
            f.hub().disconnect(SyncFixture.NODE, P2);
            f.awaitSynced();
            StoreComparison.assertSameChain(f.node().chain(), chain.chain());
            assertThat(f.returnsOf(P2)).isEmpty();
            assertThat(f.returnsOf(P1)).last().isEqualTo(new MacroSyncReturn.Good(P1));
            assertThat(f.returnsOf(P3)).last().isEqualTo(new MacroSyncReturn.Good(P3));
        }
    }

    /**
     * A peer that sends a tampered chunk under an honest proof is banned after its first lie: with
     * one request in flight at a time it serves exactly one chunk, and the store ends identical to
     * the honest peers'.
     */
    @Test
    void shouldBanLyingPeerAndMatchHonestStoreWhenChunkIsTampered() throws Exception {
        GeneratorOptions options = Chains.test(16, 2, 1, 31 * 20);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            // the liar is P1: with nothing measured, ties go to the smallest peer id, so it is asked first
            f.server(P1, options);
            f.server(P2, options);
            TestChain honest = f.server(P3, options);
            f.hub()
                    .intercept(
                            P1,
                            (requester, request, response) -> response instanceof HistoryChunk c
                                    ? new Interceptor.Replace(tampered(c))
                                    : Interceptor.Deliver.INSTANCE);
            f.connect(P1, P2, P3);
            f.start(SyncFixture.withWindows(SyncFixture.testSettings(), 1, 1));
            f.awaitSynced();
            StoreComparison.assertSameChain(f.node().chain(), honest.chain());
            assertThat(f.seen(SyncEvent.PeerBanned.class)).singleElement().satisfies(b -> {
                assertThat(b.peer()).isEqualTo(P1);
                assertThat(b.fault())
                        .as("the typed fault of the failed proof")
                        .isEqualTo(new PeerFault.Verification(Fault.RANGE_PROOF_INVALID));
                assertThat(b.fault().consequence()).isEqualTo(Consequence.BAN);
            });
            assertThat(f.hub().disconnections())
                    .containsExactly(
                            new LocalNetworkHub.Disconnection(SyncFixture.NODE, P1, DisconnectReason.MALICIOUS));
            assertThat(f.hub().served(P1, RequestType.HISTORY_CHUNK)).isEqualTo(1);
            assertThat(f.returnsOf(P2)).last().isEqualTo(new MacroSyncReturn.Good(P2));
            assertThat(f.returnsOf(P3)).last().isEqualTo(new MacroSyncReturn.Good(P3));
        }
    }

    /** The same chunk with the first item's time changed: the proof no longer matches. */
    static HistoryChunk tampered(HistoryChunk honest) {
        List<HistoricTransaction> items = new ArrayList<>(honest.chunk().history());
        HistoricTransaction t = items.get(0);
        items.set(0, new HistoricTransaction(t.blockNumber(), t.blockTime() + 1, t.data()));
        return new HistoryChunk(new HistoryTreeChunk(honest.chunk().proof(), items));
    }
}
