package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §4.10 finishCluster, and the eviction of a failed cluster's queued jobs. */
class ClusterFinisherTest {
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");

    /** Two active clusters: #1 (epochs 1–2, peers A and B) and #2 (epoch 3, peer A); A is in both. */
    private static ClusteringState twoActive() {
        SyncCluster one =
                SyncCluster.ofEpochs(1, gen("x", 2, 1).ids(), 1, POLICY.electionBlockOf(1), PeerList.of(A, B));
        SyncCluster two = SyncCluster.ofEpochs(2, gen("x", 1, 3).ids(), 3, POLICY.electionBlockOf(3), PeerList.of(A));
        ClusteringState s = genesisState();
        return s.with(List.of(), List.of(), List.of(one, two), List.of(), Map.of(A, 2, B, 1), 3);
    }

    @Test
    void shouldReAskPeersWhoseLastClusterCompletedWhenItsFinishJobIsProcessed() {
        ClusteringState s = twoActive().withFinishQueued(1).withChain(id(2, false), 2, POLICY.electionBlockOf(2));
        ClusterFinisher.Finished f = ClusterFinisher.finish(s, 1, ClusterOutcome.COMPLETED);
        assertThat(f.cluster()).map(SyncCluster::id).contains(1L);
        assertThat(f.reAsk()).containsExactly(B);
        assertThat(f.released()).isEmpty();
        assertThat(f.state().finishingClusters()).isEmpty();
        assertThat(f.state().queuedJobs()).isEmpty();
        assertThat(f.state().peerClusterCounts()).isEqualTo(Map.of(A, 1));
        assertCountsMatchMembership(f.state(), "after finish");
    }

    @Test
    void shouldReleaseInsteadOfReAskingWhenTheClusterFailed() {
        ClusterFinisher.Finished f = ClusterFinisher.finish(twoActive(), 1, ClusterOutcome.FAILED);
        assertThat(f.reAsk()).isEmpty();
        assertThat(f.released()).containsExactly(B);
        assertThat(f.state().activeClusters()).extracting(SyncCluster::id).containsExactly(2L);
    }

    @Test
    void shouldForgetEveryHandedOverIdOfTheClusterWhenOneOfItsPushesFails() {
        ClusteringState s = twoActive();
        s = s.withCluster(s.activeClusters().get(0).withNumFinished(2)).withFinishQueued(1);
        s = s.withCluster(s.activeClusters().get(0).withNumFinished(1));
        assertThat(s.queuedJobs()).hasSize(4);
        ClusterFinisher.Finished f = ClusterFinisher.finish(s, 1, ClusterOutcome.OUTDATED);
        assertThat(f.state().queuedJobs()).containsExactly(new QueuedJob.Push(2, id(3, false)));
        assertThat(f.reAsk()).containsExactly(B);
        assertCountsMatchMembership(f.state(), "after eviction");
    }

    @Test
    void shouldSkipPeersThatLeftWhenFinishing() {
        ClusteringState s = twoActive().withoutPeer(B);
        ClusterFinisher.Finished f = ClusterFinisher.finish(s, 1, ClusterOutcome.COMPLETED);
        assertThat(f.reAsk()).isEmpty();
        assertThat(f.state().peerClusterCounts()).isEqualTo(Map.of(A, 1));
    }

    @Test
    void shouldChangeNothingWhenTheClusterIsUnknown() {
        ClusteringState s = twoActive();
        ClusterFinisher.Finished f = ClusterFinisher.finish(s, 42, ClusterOutcome.COMPLETED);
        assertThat(f.cluster()).isEmpty();
        assertThat(f.state()).isSameAs(s);
    }
}
