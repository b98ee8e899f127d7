package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.EpochIdGen.NO_DIVERGENCE;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.counts;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static io.hms.engine.sync.clustering.EpochIdGen.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.message.Checkpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The clustering rules beyond the SPEC §6 tables: limits, truncation, the job queue and active clusters. */
class EpochIdClustererTest {
    private final EpochIdClusterer clusterer = new EpochIdClusterer(POLICY, 100);

    private ClusteringState feed(ClusteringState s, EpochIds... inputs) {
        for (EpochIds in : inputs) {
            s = clusterer.cluster(s, in).state();
        }
        return s;
    }

    /** Our chain at the election block of {@code epoch} (ids of the main test chain). */
    private static ClusteringState stateAtEpoch(long epoch) {
        return ClusteringState.initial(id(epoch, false), epoch, POLICY.electionBlockOf(epoch));
    }

    private static ClusteringState withActive(ClusteringState s, SyncCluster active, Map<PeerId, Integer> counts) {
        return s.with(
                s.epochClusters(),
                s.checkpointClusters(),
                List.of(active),
                s.finishingClusters(),
                counts,
                active.id() + 1);
    }

    private static SyncCluster mainChain(long clusterId, int len, long first, PeerList peers) {
        return SyncCluster.ofEpochs(clusterId, gen("x", len, first).ids(), first, POLICY.electionBlockOf(first), peers);
    }

    @Test
    void shouldDeferWhenMaxClustersExist() {
        EpochIdClusterer small = new EpochIdClusterer(POLICY, 2);
        ClusteringState s = genesisState();
        s = small.cluster(s, gen("A", 10, 1)).state();
        s = small.cluster(s, gen("B", 10, 1, 0, false)).state();
        ClusteringDecision d = small.cluster(s, gen("C", 10, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.DEFERRED);
        assertThat(d.state()).isSameAs(s);
        assertThat(small.hasRoom(s)).isFalse();
    }

    @Test
    void shouldReportOutdatedWhenLocatorNotFound() {
        ClusteringDecision d = clusterer.cluster(genesisState(), EpochIds.locatorNotFound(peer("A")));
        assertThat(d.verdict()).isEqualTo(Verdict.LOCATOR_NOT_FOUND);
        assertThat(d.report()).isEqualTo(ClusteringDecision.Report.OUTDATED);
    }

    @Test
    void shouldReportGoodWhenNothingIsOffered() {
        ClusteringDecision d = clusterer.cluster(genesisState(), gen("A", 0, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.NOTHING_OFFERED);
        assertThat(d.report()).isEqualTo(ClusteringDecision.Report.GOOD);
        assertThat(d.state().isTracked(peer("A"))).isFalse();
    }

    @Test
    void shouldIgnoreRepliesWhenThePeerIsAlreadyTracked() {
        ClusteringState s = feed(genesisState(), gen("A", 10, 1));
        ClusteringDecision d = clusterer.cluster(s, gen("A", 12, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.ALREADY_TRACKED);
        assertThat(d.state()).isSameAs(s);
    }

    @Test
    void shouldDropIdsUpToOurEpochWhenOurChainAdvancedAfterTheRequest() {
        ClusteringDecision d = clusterer.cluster(stateAtEpoch(3), gen("A", 10, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(shapes(d.state().epochClusters())).containsExactly("7@4/1");
        assertThat(d.state().epochClusters().get(0).ids().get(0)).isEqualTo(id(4, false));
        assertThat(d.state().epochClusters().get(0).firstBlockNumber()).isEqualTo(POLICY.electionBlockOf(4));
    }

    @Test
    void shouldReportBehindWhenThePeerEndsAtOurEpochWithoutCheckpoint() {
        assertThat(clusterer.cluster(stateAtEpoch(10), gen("A", 10, 1)).verdict())
                .isEqualTo(Verdict.BEHIND);
        assertThat(clusterer.cluster(stateAtEpoch(12), gen("A", 10, 1)).verdict())
                .isEqualTo(Verdict.BEHIND);
    }

    @Test
    void shouldKeepOnlyTheCheckpointWhenThePeerEndsAtOurEpochWithCheckpoint() {
        ClusteringDecision d = clusterer.cluster(stateAtEpoch(10), gen("A", 10, 1, NO_DIVERGENCE, true));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(d.state().epochClusters()).isEmpty();
        assertThat(shapes(d.state().checkpointClusters())).containsExactly("1@11/1");
    }

    @Test
    void shouldReportForkWhenThePeersIdAtOurEpochDiffers() {
        ClusteringDecision d = clusterer.cluster(stateAtEpoch(3), gen("A", 10, 1, 2, false));
        assertThat(d.verdict()).isEqualTo(Verdict.FORK);
        assertThat(d.report()).isEqualTo(ClusteringDecision.Report.OUTDATED);
    }

    @Test
    void shouldSkipIdsWhenTheyAreAlreadyQueuedForApplication() {
        ClusteringState s = withActive(
                genesisState(), mainChain(7, 2, 1, PeerList.of(peer("X"))).withNumFinished(2), Map.of(peer("X"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("A", 5, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(shapes(d.state().epochClusters())).containsExactly("3@3/1");
    }

    @Test
    void shouldAttachToTheFinishingClusterWhenEverythingOfferedIsQueued() {
        SyncCluster finishing = mainChain(7, 2, 1, PeerList.of(peer("X")));
        ClusteringState s = withActive(genesisState(), finishing.withNumFinished(2), Map.of(peer("X"), 1))
                .withFinishQueued(7);
        ClusteringDecision d = clusterer.cluster(s, gen("A", 2, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.ATTACHED_TO_FINISHING);
        assertThat(d.changes()).containsExactly(new ClusterChange.PeerAdded(7, peer("A")));
        QueuedJob.Finish job = (QueuedJob.Finish) d.state().queuedJobs().get(2);
        assertThat(job.cluster().peers().asList()).containsExactly(peer("X"), peer("A"));
        assertThat(counts(d.state())).isEqualTo(Map.of("X", 1, "A", 1));
        assertCountsMatchMembership(d.state(), "attached");
    }

    @Test
    void shouldReportNothingNewWhenEverythingIsQueuedButNoFinishFollows() {
        ClusteringState s = withActive(
                genesisState(), mainChain(7, 2, 1, PeerList.of(peer("X"))).withNumFinished(2), Map.of(peer("X"), 1));
        assertThat(clusterer.cluster(s, gen("A", 2, 1)).verdict()).isEqualTo(Verdict.NOTHING_NEW);
    }

    @Test
    void shouldNotAttachToClusterZeroWhenNothingMatchedTheQueue() {
        // SPEC §7.2 item 25: a stale checkpoint leaves nothing to match; the original still looked for cluster #0
        SyncCluster zero = mainChain(0, 1, 1, PeerList.of(peer("X")));
        ClusteringState s = withActive(genesisState(), zero.withNumFinished(1), Map.of(peer("X"), 1))
                .withFinishQueued(0)
                .withChain(id(0, false), 0, 1000);
        ClusteringDecision d = clusterer.cluster(
                s, new EpochIds(true, List.of(), Optional.of(new Checkpoint(900, id(9, false))), 1, peer("A")));
        assertThat(d.verdict()).isEqualTo(Verdict.NOTHING_NEW);
        assertThat(d.state()).isEqualTo(s);
    }

    @Test
    void shouldMatchClustersInEpochOrderWhenTheDequeIsNotAscending() {
        // SPEC §7.2 item 21: after these, the deque holds [4@1], [5@6], [5@6'], [1@5] — not ascending
        ClusteringState s = feed(genesisState(), gen("A", 10, 1), gen("B", 10, 1, 5, false), gen("C", 3, 2));
        assertThat(shapes(s.epochClusters())).containsExactly("4@1/3", "5@6/1", "5@6/1", "1@5/2");
        ClusteringDecision d = clusterer.cluster(s, gen("D", 10, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(shapes(d.state().epochClusters())).containsExactly("4@1/4", "5@6/2", "5@6/1", "1@5/3");
        assertThat(d.state().clusterCount(peer("D"))).isEqualTo(3);
        assertCountsMatchMembership(d.state(), "non-ascending deque");
    }

    @Test
    void shouldSplitAnActiveClusterWhenAPeerOffersAPrefix() {
        SyncCluster active = mainChain(3, 10, 1, PeerList.of(peer("A")));
        ClusteringState s = withActive(genesisState(), active, Map.of(peer("A"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("B", 6, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(shapes(d.state().activeClusters())).containsExactly("6@1/2");
        assertThat(shapes(d.state().epochClusters())).containsExactly("4@7/1");
        SyncCluster tail = d.state().epochClusters().get(0);
        assertThat(d.changes())
                .containsExactly(new ClusterChange.Split(3, 6, tail), new ClusterChange.PeerAdded(3, peer("B")));
        assertThat(counts(d.state())).isEqualTo(Map.of("A", 2, "B", 1));
    }

    @Test
    void shouldNotJoinWhenTheActiveClusterFinishedBeyondTheSplitPoint() {
        SyncCluster active = mainChain(3, 10, 1, PeerList.of(peer("A"))).withNumFinished(7);
        ClusteringState s = withActive(genesisState(), active, Map.of(peer("A"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("B", 6, 1));
        // B's ids all lie in the finished part: it joins nothing and is not tracked with a count of 0
        assertThat(d.verdict()).isEqualTo(Verdict.NOTHING_NEW);
        assertThat(d.state()).isEqualTo(s);
    }

    @Test
    void shouldNotSplitWhenThePeerOffersExactlyTheIdsAlreadyHandedOver() {
        // ids handed over and not applied are queued jobs (SPEC §4.5 step 4): matched there, they never reach the split
        SyncCluster active = mainChain(3, 10, 1, PeerList.of(peer("A"))).withNumFinished(6);
        ClusteringState s = withActive(genesisState(), active, Map.of(peer("A"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("B", 6, 1));
        assertThat(d.verdict()).isEqualTo(Verdict.NOTHING_NEW);
        assertThat(d.state()).isEqualTo(s);
    }

    @Test
    void shouldClusterOnlyTheIdsAfterTheHandedOverOnesWhenThePeerDivergesThere() {
        SyncCluster active = mainChain(3, 10, 1, PeerList.of(peer("A"))).withNumFinished(6);
        ClusteringState s = withActive(genesisState(), active, Map.of(peer("A"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("B", 8, 1, 6, false));
        assertThat(d.verdict()).isEqualTo(Verdict.CLUSTERED);
        assertThat(d.state().activeClusters()).containsExactly(active);
        assertThat(shapes(d.state().epochClusters())).containsExactly("2@7/1");
    }

    @Test
    void shouldJoinAnActiveCheckpointClusterWhenOfferingTheSameCheckpoint() {
        EpochIds a = gen("A", 0, 1, NO_DIVERGENCE, true);
        SyncCluster active = SyncCluster.ofCheckpoint(4, a.checkpoint().orElseThrow(), 1, PeerList.of(peer("A")));
        ClusteringState s = withActive(genesisState(), active, Map.of(peer("A"), 1));
        ClusteringDecision d = clusterer.cluster(s, gen("B", 0, 1, NO_DIVERGENCE, true));
        assertThat(d.changes()).containsExactly(new ClusterChange.PeerAdded(4, peer("B")));
        assertThat(d.state().checkpointClusters()).isEmpty();
        assertThat(shapes(d.state().activeClusters())).containsExactly("1@1/2");
    }

    @Test
    void shouldReleaseThePeerEverywhereWhenItLeaves() {
        ClusteringState s = feed(genesisState(), gen("A", 10, 1, NO_DIVERGENCE, true), gen("B", 8, 1));
        ClusteringState after = s.withoutPeer(peer("A"));
        assertThat(after.isTracked(peer("A"))).isFalse();
        assertThat(shapes(after.epochClusters())).containsExactly("8@1/1", "2@9/0");
        assertThat(shapes(after.checkpointClusters())).containsExactly("1@11/0");
        assertCountsMatchMembership(after, "after PeerLeft");
    }
}
