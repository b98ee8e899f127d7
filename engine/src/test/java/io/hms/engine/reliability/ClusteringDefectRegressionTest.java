package io.hms.engine.reliability;

import static io.hms.engine.sync.SyncFixtures.block;
import static io.hms.engine.sync.SyncFixtures.hash;
import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.SyncFixtures.txs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterChange;
import io.hms.engine.sync.clustering.ClusterFinisher;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.ClusterSelector;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.clustering.EpochIdClusterer;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.ingest.BatchSetSplitter;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.PendingBatchSet;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The original's clustering and bookkeeping defects (SPEC §7.2 items 19–22, 25, 29) rebuilt
 * against the engine's pure sync classes. Policy TEST (B=32, N=4, G=200); our chain at genesis;
 * the id of epoch {@code e} is {@code hash(e, 0)}, a diverging chain's {@code hash(e, 1)}.
 */
class ClusteringDefectRegressionTest {
    private static final Policy P = Policy.TEST;
    private static final Hash GENESIS = hash(0, 9);
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");
    private static final PeerId C = peer("C");

    private final EpochIdClusterer clusterer = new EpochIdClusterer(P, 100);

    private static List<Hash> ids(long first, int count) {
        List<Hash> out = new ArrayList<>();
        for (long e = first; e < first + count; e++) {
            out.add(hash(e, 0));
        }
        return out;
    }

    private static EpochIds offer(PeerId peer, long first, int count) {
        return new EpochIds(true, ids(first, count), Optional.empty(), first, peer);
    }

    private static SyncCluster epochs(long id, long first, int count, PeerId... peers) {
        return SyncCluster.ofEpochs(id, ids(first, count), first, P.electionBlockOf(first), PeerList.of(peers));
    }

    private static ClusteringState atGenesis(
            List<SyncCluster> waiting, List<SyncCluster> active, Map<PeerId, Integer> counts, long nextId) {
        return ClusteringState.initial(GENESIS, 0, P.genesisBlockNumber())
                .with(waiting, List.of(), active, List.of(), counts, nextId);
    }

    @Test
    void item19FinishedEpochsNotBatchSetsDecideWhetherAPeerMayJoinAnActiveCluster() {
        // cluster #0 downloads epochs 1..10 for A and has applied epoch 1, which had 4 batch sets: the
        // original's numFinished would be 4 (batch sets), hms counts 1 (epochs)
        SyncCluster active = epochs(0, 1, 10, A).withNumFinished(1);
        ClusteringState s = atGenesis(List.of(), List.of(active), Map.of(A, 1), 1);

        var joined = clusterer.cluster(s, offer(B, 1, 3));
        var refused = clusterer.cluster(
                atGenesis(List.of(), List.of(active.withNumFinished(4)), Map.of(A, 1), 1), offer(B, 1, 3));

        assertThat(joined.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(joined.state().activeClusters().get(0).peers().asList()).containsExactly(A, B);
        assertThat(joined.state().activeClusters().get(0).ids()).isEqualTo(ids(1, 3));
        assertThat(refused.verdict()).as("with the original's batch-set count").isEqualTo(Verdict.NOTHING_NEW);
    }

    @Test
    void item20SplittingAnActiveClusterCutsItsIdsAndDropsTheirBatchSets() {
        // the actors' side (cut ids that no peer serves, the new peer included, do not fail the kept
        // part): ClusterRequestsTest.item20IdsCutByASplitThatNoPeerServesDoNotFailTheKeptPart
        SyncCluster active = epochs(3, 1, 4, A);
        ClusteringState s = atGenesis(List.of(), List.of(active), Map.of(A, 1), 4);
        BatchSetSplitter splitter = new BatchSetSplitter(Long.MAX_VALUE);
        ChunkRequest epoch3Chunk = new ChunkRequest(3, P.electionBlockOf(3), 0, hash(3, 7), 10, 1024);
        splitter.enqueue(
                List.of(new PendingBatchSet(block(P.electionBlockOf(3), hash(3, 7)), 0, 3, 0, 10, Optional.empty())));

        var d = clusterer.cluster(s, offer(B, 1, 2));
        ClusterChange.Split split = d.changes().stream()
                .filter(c -> c instanceof ClusterChange.Split)
                .map(c -> (ClusterChange.Split) c)
                .findFirst()
                .orElseThrow();
        splitter.dropFromEpoch(split.tail().firstEpoch());

        assertThat(split.keep()).isEqualTo(2);
        assertThat(split.tail().peers().asList())
                .as("the tail keeps the old peers only")
                .containsExactly(A);
        assertThat(split.tail().ids()).isEqualTo(ids(3, 2));
        assertThat(splitter.onChunk(epoch3Chunk, txs(P.electionBlockOf(3), 0, 10)))
                .extracting(a -> ((ChunkAcceptance.Rejected) a).fault())
                .isEqualTo(ChunkFault.NOT_PENDING);
    }

    @Test
    void item21TakingAClusterKeepsTheOthersInOrderAndMatchingFollowsEpochOrder() {
        ClusteringState s = atGenesis(
                List.of(epochs(0, 1, 4, A), epochs(1, 5, 4, A), epochs(2, 9, 4, A)), List.of(), Map.of(A, 3), 3);

        ClusterSelector.Selection taken = new ClusterSelector(P).select(s).orElseThrow();

        assertThat(taken.cluster().id()).isZero();
        assertThat(taken.state().epochClusters()).extracting(SyncCluster::id).containsExactly(1L, 2L);
        // the original's swap-remove-front left [#2 @9, #1 @5]; matching B's ids 5..12 in that order
        // created a duplicate cluster for 9..12. In epoch order B joins both and nothing is created.
        ClusteringState swapped = taken.state()
                .with(
                        List.of(
                                taken.state().epochClusters().get(1),
                                taken.state().epochClusters().get(0)),
                        List.of(),
                        taken.state().activeClusters(),
                        List.of(),
                        taken.state().peerClusterCounts(),
                        3);
        for (ClusteringState order : List.of(taken.state(), swapped)) {
            var d = clusterer.cluster(order, offer(B, 5, 8));
            assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
            assertThat(d.state().epochClusters())
                    .hasSize(2)
                    .allMatch(c -> c.peers().contains(B));
            assertThat(d.state().clusterCount(B)).isEqualTo(2);
        }
    }

    @Test
    void item22PeersOfAFailedClusterAreReleasedToBeReportedNotOrphaned() {
        SyncCluster failed = epochs(0, 1, 4, A, B);
        ClusteringState s = atGenesis(List.of(epochs(1, 5, 2, B)), List.of(failed), Map.of(A, 1, B, 2), 2)
                .withFinishQueued(0);

        ClusterFinisher.Finished f = ClusterFinisher.finish(s, 0, ClusterOutcome.FAILED);

        assertThat(f.released()).as("to report Outdated (cluster failed)").containsExactly(A);
        assertThat(f.reAsk()).isEmpty();
        assertThat(f.state().isTracked(A)).isFalse();
        assertThat(f.state().clusterCount(B)).isEqualTo(1);
        assertThat(clusterer.cluster(f.state(), offer(A, 1, 6)).verdict())
                .as("a released peer's next answer is clustered, not ignored as tracked")
                .isEqualTo(Verdict.CLUSTERED);
    }

    @Test
    void item25APeerWithNothingNewIsNotAttachedToClusterZero() {
        SyncCluster zero = epochs(0, 1, 1, C);
        ClusteringState s = atGenesis(List.of(), List.of(zero.withNumFinished(1)), Map.of(C, 1), 1)
                .withFinishQueued(0)
                .withChain(GENESIS, 0, 1000);
        EpochIds staleCheckpoint = new EpochIds(true, List.of(), Optional.of(new Checkpoint(360, hash(99, 3))), 1, A);

        var d = clusterer.cluster(s, staleCheckpoint);

        assertThat(d.verdict()).isEqualTo(Verdict.NOTHING_NEW);
        assertThat(d.state()).isEqualTo(s);
        assertThat(d.state().isTracked(A)).isFalse();
    }

    @Test
    void item29ASecondReplyFromATrackedPeerChangesNothing() {
        ClusteringState once = clusterer
                .cluster(atGenesis(List.of(), List.of(), Map.of(), 0), offer(A, 1, 4))
                .state();

        var again = clusterer.cluster(once, offer(A, 1, 4));

        assertThat(again.verdict()).isEqualTo(Verdict.ALREADY_TRACKED);
        assertThat(again.state()).isSameAs(once);
        assertThat(once.clusterCount(A)).isEqualTo(1);
    }
}
