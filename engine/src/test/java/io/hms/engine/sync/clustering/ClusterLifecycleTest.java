package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static io.hms.engine.sync.clustering.EpochIdGen.permutations;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterLifecycle.Decision;
import io.hms.engine.sync.clustering.ClusterLifecycle.Ended;
import io.hms.engine.sync.clustering.ClusterLifecycle.EvictJobs;
import io.hms.engine.sync.clustering.ClusterLifecycle.ReAsk;
import io.hms.engine.sync.clustering.ClusterLifecycle.ReportFinished;
import io.hms.engine.sync.clustering.ClusterLifecycle.ReportReleased;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §4.9–§4.10 decisions, without actors. */
class ClusterLifecycleTest {
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");

    /** #1 (epochs 1–3, peers A and B) finishing, #2 (epoch 4, peer A) downloading. */
    private static ClusteringState pipelined() {
        SyncCluster one =
                SyncCluster.ofEpochs(1, gen("x", 3, 1).ids(), 1, POLICY.electionBlockOf(1), PeerList.of(A, B));
        SyncCluster two = SyncCluster.ofEpochs(2, gen("x", 1, 4).ids(), 4, POLICY.electionBlockOf(4), PeerList.of(A));
        return genesisState()
                .with(List.of(), List.of(), List.of(one, two), List.of(), Map.of(A, 2, B, 1), 3)
                .withFinishQueued(1);
    }

    @Test
    void shouldCountTheFurthestHandedOverIdWhateverOrderTheHandOffsArriveIn() {
        ClusteringState start = pipelined();
        List<List<Integer>> orders = permutations(List.of(1, 2, 3));
        for (List<Integer> order : orders) {
            ClusteringState s = start;
            for (int epoch : order) {
                s = ClusterLifecycle.handedOver(s, 1, epoch, id(epoch, false));
            }
            assertThat(s.activated(1).orElseThrow().numFinished())
                    .as("order %s", order)
                    .isEqualTo(3);
            assertThat(s.queuedJobs())
                    .as("order %s", order)
                    .extracting(QueuedJob::clusterId)
                    .containsExactly(1L, 1L, 1L, 1L);
        }
    }

    @Test
    void shouldIgnoreAHandOffWhenItDoesNotCloseTheIdAtItsPosition() {
        ClusteringState s = pipelined();
        assertThat(ClusterLifecycle.handedOver(s, 1, 2, id(2, true))).isEqualTo(s); // another chain's block
        assertThat(ClusterLifecycle.handedOver(s, 1, 9, id(9, false))).isEqualTo(s); // cut off by a split
        assertThat(ClusterLifecycle.handedOver(s, 42, 1, id(1, false))).isEqualTo(s); // unknown cluster
    }

    @Test
    void shouldReAskPeersInNoOtherClusterWhenTheFinishIsReached() {
        ClusterLifecycle.Step step = ClusterLifecycle.finish(pipelined(), 1, ClusterOutcome.COMPLETED, "");
        assertThat(step.decisions())
                .containsExactly(new Ended(1), new ReportFinished(1, ClusterOutcome.COMPLETED), new ReAsk(B));
        assertThat(step.state().finishingClusters()).isEmpty();
        assertThat(step.state().peerClusterCounts()).isEqualTo(Map.of(A, 1));
        assertCountsMatchMembership(step.state(), "after finish");
    }

    @Test
    void shouldNotReportFinishedWhenTheClusterWasEmpty() {
        SyncCluster empty = SyncCluster.ofEpochs(5, List.of(), 1, POLICY.electionBlockOf(1), PeerList.of(A));
        ClusteringState s = genesisState().with(List.of(), List.of(), List.of(), List.of(empty), Map.of(A, 1), 6);
        assertThat(ClusterLifecycle.finish(s, 5, ClusterOutcome.COMPLETED, "").decisions())
                .containsExactly(new Ended(5), new ReAsk(A));
    }

    @Test
    void shouldEndTheRejectedClusterAndEveryLaterOneWhenAPushIsRejected() {
        ClusterLifecycle.Step step = ClusterLifecycle.pushRejected(pipelined(), List.of(1L, 2L), 1, false, "gap");
        List<Decision> expected = List.of(
                new Ended(1),
                new ReportFinished(1, ClusterOutcome.FAILED),
                new ReportReleased(B, 1, "gap"),
                new EvictJobs(2),
                new Ended(2),
                new ReportFinished(2, ClusterOutcome.OUTDATED),
                new ReAsk(A));
        assertThat(step.decisions()).isEqualTo(expected);
        assertThat(step.state().activeClusters()).isEmpty();
        assertThat(step.state().finishingClusters()).isEmpty();
        assertThat(step.state().peerClusterCounts()).isEmpty();
    }

    @Test
    void shouldEndOnlyTheLastClusterWhenItsPushIsOutdated() {
        ClusterLifecycle.Step step = ClusterLifecycle.pushRejected(pipelined(), List.of(1L, 2L), 2, true, "moved");
        assertThat(step.decisions()).containsExactly(new Ended(2), new ReportFinished(2, ClusterOutcome.OUTDATED));
        assertThat(step.state().finishingClusters()).extracting(SyncCluster::id).containsExactly(1L);
        assertThat(step.state().peerClusterCounts()).isEqualTo(Map.of(A, 1, B, 1));
    }
}
