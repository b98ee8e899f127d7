package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.block;
import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static io.hms.engine.sync.clustering.EpochIdGen.permutations;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterDecision.Ended;
import io.hms.engine.sync.clustering.ClusterDecision.EvictJobs;
import io.hms.engine.sync.clustering.ClusterDecision.QueueFinish;
import io.hms.engine.sync.clustering.ClusterDecision.ReAsk;
import io.hms.engine.sync.clustering.ClusterDecision.Released;
import io.hms.engine.sync.clustering.ClusterDecision.ReportFinished;
import io.hms.engine.sync.clustering.ClusterDecision.ReportReleased;
import io.hms.engine.sync.clustering.ClusterLifecycle.Step;
import io.hms.verifier.BatchSetVerifyState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §4.9–§4.10: how activated clusters hand over and end, without actors. */
class ClusterLifecycleTest {
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");
    private static final ClusterLifecycle LIFECYCLE = new ClusterLifecycle(POLICY, 100, 3);

    /** #1 (epochs 1–3, peers A and B) finishing, #2 (epoch 4, peer A) downloading. */
    static LifecycleState pipelined() {
        SyncCluster one =
                SyncCluster.ofEpochs(1, gen("x", 3, 1).ids(), 1, POLICY.electionBlockOf(1), PeerList.of(A, B));
        SyncCluster two = SyncCluster.ofEpochs(2, gen("x", 1, 4).ids(), 4, POLICY.electionBlockOf(4), PeerList.of(A));
        ClusteringState clustering = genesisState()
                .with(List.of(), List.of(), List.of(one, two), List.of(), Map.of(A, 2, B, 1), 3)
                .withFinishQueued(1);
        return new LifecycleState(
                clustering,
                List.of(
                        new PipelineSlot(1, false, Optional.of(after(3)), "all handed over"),
                        PipelineSlot.downloading(2)),
                List.of(),
                0);
    }

    /** The verification state after the (verified, not applied) election block of {@code epoch}. */
    static StartPoint.After after(long epoch) {
        return new StartPoint.After(
                new BatchSetVerifyState(1, block(POLICY.electionBlockOf(epoch), id(epoch, false)), null));
    }

    @Test
    void shouldCountTheFurthestHandedOverIdWhateverOrderTheHandOffsArriveIn() {
        for (List<Integer> order : permutations(List.of(1, 2, 3))) {
            LifecycleState s = pipelined();
            for (int epoch : order) {
                s = LIFECYCLE.handedOver(s, 1, epoch, id(epoch, false));
            }
            assertThat(s.clustering().activated(1).orElseThrow().numFinished())
                    .as("order %s", order)
                    .isEqualTo(3);
            assertThat(s.clustering().queuedJobs())
                    .as("order %s", order)
                    .extracting(QueuedJob::clusterId)
                    .containsExactly(1L, 1L, 1L, 1L);
        }
    }

    @Test
    void shouldIgnoreAHandOffWhenItDoesNotCloseTheIdAtItsPosition() {
        LifecycleState s = pipelined();
        assertThat(LIFECYCLE.handedOver(s, 1, 2, id(2, true))).isEqualTo(s); // another chain's block
        assertThat(LIFECYCLE.handedOver(s, 1, 9, id(9, false))).isEqualTo(s); // cut off by a split
        assertThat(LIFECYCLE.handedOver(s, 42, 1, id(1, false))).isEqualTo(s); // unknown cluster
    }

    @Test
    void shouldReAskPeersInNoOtherClusterWhenTheFinishIsReached() {
        Step step = LIFECYCLE.finishReached(pipelined(), 1, ClusterOutcome.COMPLETED);
        assertThat(step.decisions())
                .containsExactly(new Ended(1), new ReportFinished(1, ClusterOutcome.COMPLETED), new ReAsk(B));
        assertThat(step.state().clustering().finishingClusters()).isEmpty();
        assertThat(step.state().clustering().peerClusterCounts()).isEqualTo(Map.of(A, 1));
        assertThat(step.state().activationOrder()).containsExactly(2L);
        assertCountsMatchMembership(step.state().clustering(), "after finish");
    }

    @Test
    void shouldNotReportFinishedWhenTheClusterWasEmpty() {
        SyncCluster empty = SyncCluster.ofEpochs(5, List.of(), 1, POLICY.electionBlockOf(1), PeerList.of(A));
        ClusteringState c = genesisState().with(List.of(), List.of(), List.of(), List.of(empty), Map.of(A, 1), 6);
        LifecycleState s =
                new LifecycleState(c, List.of(PipelineSlot.empty(5, StartPoint.FromStore.INSTANCE)), List.of(), 0);
        Step step = LIFECYCLE.finishReached(s, 5, ClusterOutcome.COMPLETED);
        assertThat(step.decisions()).containsExactly(new Ended(5), new ReAsk(A));
        assertThat(step.state().pipeline()).isEmpty();
    }

    @Test
    void shouldReportThePeersOfAFailedClusterWithTheReasonItsDownloadEnded() {
        LifecycleState s = LIFECYCLE
                .downloadFinished(pipelined(), 2, ClusterOutcome.FAILED, "no progress", Optional.empty())
                .state();
        s = LIFECYCLE.finishReached(s, 1, ClusterOutcome.COMPLETED).state();
        Step step = LIFECYCLE.finishReached(s, 2, ClusterOutcome.FAILED);
        assertThat(step.decisions())
                .containsExactly(
                        new Ended(2),
                        new ReportFinished(2, ClusterOutcome.FAILED),
                        new ReportReleased(A, 2, "no progress"));
        assertThat(step.state().idle()).isTrue();
    }

    @Test
    void shouldEndTheRejectedClusterAndEveryLaterOneWhenAPushIsRejected() {
        Step step = LIFECYCLE.pushRejected(pipelined(), 1, false, "gap");
        assertThat(step.decisions())
                .containsExactly(
                        new Ended(1),
                        new ReportFinished(1, ClusterOutcome.FAILED),
                        new ReportReleased(B, 1, "gap"),
                        new EvictJobs(2),
                        new Ended(2),
                        new ReportFinished(2, ClusterOutcome.OUTDATED),
                        new ReAsk(A));
        assertThat(step.state().clustering().activeClusters()).isEmpty();
        assertThat(step.state().clustering().finishingClusters()).isEmpty();
        assertThat(step.state().clustering().peerClusterCounts()).isEmpty();
        assertThat(step.state().pipeline()).isEmpty();
    }

    @Test
    void shouldEndOnlyTheLastClusterWhenItsPushIsOutdated() {
        Step step = LIFECYCLE.pushRejected(pipelined(), 2, true, "moved");
        assertThat(step.decisions()).containsExactly(new Ended(2), new ReportFinished(2, ClusterOutcome.OUTDATED));
        assertThat(step.state().clustering().finishingClusters())
                .extracting(SyncCluster::id)
                .containsExactly(1L);
        assertThat(step.state().clustering().peerClusterCounts()).isEqualTo(Map.of(A, 1, B, 1));
        assertThat(step.state().activationOrder()).containsExactly(1L);
    }

    @Test
    void shouldQueueTheFinishBehindTheBatchSetsWhenADownloadEnds() {
        Step step =
                LIFECYCLE.downloadFinished(pipelined(), 2, ClusterOutcome.COMPLETED, "", Optional.of(after(4).tip()));
        assertThat(step.decisions())
                .containsExactly(
                        new Released(2),
                        new QueueFinish(
                                2,
                                ClusterOutcome.COMPLETED,
                                Optional.of(after(4).tip().predecessor().hash())));
        assertThat(step.state().clustering().activeClusters()).isEmpty();
        assertThat(step.state().clustering().finishingClusters())
                .extracting(SyncCluster::id)
                .containsExactly(1L, 2L);
        assertThat(step.state().tip()).contains(after(4));
    }

    @Test
    void shouldIgnoreTheEndOfADownloadThatIsNotRunning() {
        LifecycleState s = pipelined();
        assertThat(LIFECYCLE.downloadFinished(s, 1, ClusterOutcome.COMPLETED, "", Optional.empty()))
                .isEqualTo(new Step(s, List.of()));
        assertThat(LIFECYCLE.downloadStopped(s, 7)).isEqualTo(new Step(s, List.of()));
    }

    @Test
    void shouldFailTheDownloadWhenItsActorStopsWithoutEnding() {
        Step step = LIFECYCLE.downloadStopped(pipelined(), 2);
        assertThat(step.decisions()).containsExactly(new Released(2), new QueueFinish(2, ClusterOutcome.FAILED));
        assertThat(step.state().slot(2)).hasValueSatisfying(slot -> {
            assertThat(slot.downloading()).isFalse();
            assertThat(slot.end()).isEmpty();
            assertThat(slot.reason()).isEqualTo("cluster actor stopped");
        });
    }

    @Test
    void shouldMoveOurChainWithoutTouchingTheClusters() {
        ChainPosition now = new ChainPosition(id(2, false), 2, POLICY.electionBlockOf(2));
        LifecycleState s = LIFECYCLE.chainMoved(pipelined(), now);
        assertThat(s.clustering().ourEpoch()).isEqualTo(2);
        assertThat(s.clustering().queuedJobs())
                .isEqualTo(pipelined().clustering().queuedJobs());
        assertThat(s.pipeline()).isEqualTo(pipelined().pipeline());
        assertThat(s.clustering().ourBlock()).isEqualTo(POLICY.electionBlockOf(2));
    }
}
