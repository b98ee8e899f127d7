package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.ClusterLifecycleTest.after;
import static io.hms.engine.sync.clustering.EpochIdGen.GENESIS;
import static io.hms.engine.sync.clustering.EpochIdGen.GENESIS_BLOCK;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.hashOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterDecision.AddPeer;
import io.hms.engine.sync.clustering.ClusterDecision.Download;
import io.hms.engine.sync.clustering.ClusterDecision.Judged;
import io.hms.engine.sync.clustering.ClusterDecision.QueueFinish;
import io.hms.engine.sync.clustering.ClusterDecision.ReAsk;
import io.hms.engine.sync.clustering.ClusterDecision.RemovePeer;
import io.hms.engine.sync.clustering.ClusterDecision.Truncate;
import io.hms.engine.sync.clustering.ClusterLifecycle.Step;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.message.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.3 step 2, §4.6 and §4.9 without actors: which cluster is activated next, when, from
 * where (pipelined behind the last one, SPEC §7.1 item 1), and what running downloads must hear.
 */
class ClusterActivationTest {
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");
    private static final PeerId C = peer("C");
    private static final Set<PeerId> ALL = Set.of(A, B, C);
    private static final ChainPosition AT_GENESIS = new ChainPosition(GENESIS, 0, GENESIS_BLOCK);
    private static final ClusterLifecycle LIFECYCLE = new ClusterLifecycle(POLICY, 100, 3);

    private static LifecycleState start() {
        return LifecycleState.initial(genesisState());
    }

    /** Feeds replies, then one activation; returns the activation's step. */
    private static Step offerThenActivate(ClusterLifecycle lifecycle, LifecycleState s, EpochIds... replies) {
        for (EpochIds ids : replies) {
            s = lifecycle.epochIds(s, ids).state();
        }
        return lifecycle.activate(s, false, AT_GENESIS, ALL);
    }

    private static <T extends ClusterDecision> List<T> only(Class<T> type, Step step) {
        return step.decisions().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Test
    void shouldHearEveryAskedPeerBeforeTheFirstActivation() {
        LifecycleState s = LIFECYCLE.epochIds(start(), gen("A", 3, 1)).state();
        assertThat(LIFECYCLE.activate(s, true, AT_GENESIS, ALL)).isEqualTo(new Step(s, List.of()));

        Step step = LIFECYCLE.activate(s, false, AT_GENESIS, ALL);
        SyncCluster cluster = step.state().clustering().activeClusters().get(0);
        assertThat(step.decisions())
                .containsExactly(new Download(cluster, StartPoint.FromStore.INSTANCE, POLICY.electionBlockOf(3)));
        assertThat(step.state().isDownloading(cluster.id())).isTrue();
        assertThat(step.state().tip())
                .as("no tip while the last cluster downloads")
                .isEmpty();
    }

    @Test
    void shouldStartOneDownloadAtATimeWhileTheLastOneRuns() {
        Step first = offerThenActivate(LIFECYCLE, start(), gen("A", 5, 1), gen("C", 2, 1, 0, false));
        LifecycleState s = first.state();
        assertThat(only(Download.class, first)).hasSize(1);
        assertThat(LIFECYCLE.activate(s, false, AT_GENESIS, ALL).decisions()).isEmpty();
    }

    @Test
    void shouldPipelineTheNextClusterFromTheTipWhenAnEpochClusterCompleted() {
        // A offers epochs 1–5; B only 1–3, so the clusters are #0 [1–3] (A, B) and #1 [4–5] (A)
        LifecycleState s = offerThenActivate(LIFECYCLE, start(), gen("A", 5, 1), gen("B", 3, 1))
                .state();
        s = LIFECYCLE
                .downloadFinished(s, 0, ClusterOutcome.COMPLETED, "", Optional.of(after(3).tip()))
                .state();
        Step step = LIFECYCLE.activate(s, true, AT_GENESIS, ALL);
        assertThat(only(Download.class, step)).singleElement().satisfies(d -> {
            assertThat(d.cluster().firstEpoch()).isEqualTo(4);
            assertThat(d.start()).isEqualTo(after(3));
        });
        assertThat(step.state().activationOrder()).containsExactly(0L, 1L);
    }

    @Test
    void shouldChooseTheNextClusterAsOurChainWillBeBehindThePipeline() {
        // A's 1–5 is downloaded first (more ids); C's diverging 1'–2' lie below the tip at epoch 5, so
        // chosen against that chain it is trimmed to nothing and only its finish is queued
        LifecycleState s = offerThenActivate(LIFECYCLE, start(), gen("A", 5, 1), gen("C", 2, 1, 0, false))
                .state();
        long a = s.activationOrder().get(0);
        s = LIFECYCLE
                .downloadFinished(s, a, ClusterOutcome.COMPLETED, "", Optional.of(after(5).tip()))
                .state();
        Step step = LIFECYCLE.activate(s, false, AT_GENESIS, ALL);
        long c = step.state().activationOrder().get(1);
        assertThat(step.decisions()).containsExactly(new QueueFinish(c, ClusterOutcome.COMPLETED));
        assertThat(step.state().tip())
                .as("an empty cluster passes its start through")
                .contains(after(5));
    }

    @Test
    void shouldNotPipelineBehindAClusterWhoseEndIsUnknown() {
        // a checkpoint cluster (or a failed one) ends where only its application tells
        EpochIds checkpoint =
                new EpochIds(true, List.of(), Optional.of(new Checkpoint(GENESIS_BLOCK + 32, hashOf(1, 1))), 1, A);
        LifecycleState s = offerThenActivate(LIFECYCLE, start(), checkpoint, gen("B", 2, 1, 0, false))
                .state();
        long first = s.activationOrder().get(0);
        s = LIFECYCLE
                .downloadFinished(s, first, ClusterOutcome.COMPLETED, "", Optional.empty())
                .state();
        assertThat(LIFECYCLE.activate(s, false, AT_GENESIS, ALL).decisions()).isEmpty();

        s = LIFECYCLE.finishReached(s, first, ClusterOutcome.COMPLETED).state();
        assertThat(only(Download.class, LIFECYCLE.activate(s, false, AT_GENESIS, ALL)))
                .singleElement()
                .extracting(Download::start)
                .isEqualTo(StartPoint.FromStore.INSTANCE);
    }

    @Test
    void shouldKeepAtMostMaxActiveClustersActivated() {
        ClusterLifecycle one = new ClusterLifecycle(POLICY, 100, 1);
        LifecycleState s =
                offerThenActivate(one, start(), gen("A", 5, 1), gen("B", 3, 1)).state();
        s = one.downloadFinished(s, 0, ClusterOutcome.COMPLETED, "", Optional.of(after(3).tip()))
                .state();
        assertThat(one.activate(s, false, AT_GENESIS, ALL).decisions()).isEmpty();
        ChainPosition atEpochThree = new ChainPosition(hashOf(3, 0), 3, POLICY.electionBlockOf(3));
        s = one.chainMoved(s, atEpochThree);
        s = one.finishReached(s, 0, ClusterOutcome.COMPLETED).state();
        assertThat(only(Download.class, one.activate(s, true, atEpochThree, ALL)))
                .as("the pipeline is empty again: every asked peer is heard first")
                .isEmpty();
        assertThat(only(Download.class, one.activate(s, false, atEpochThree, ALL)))
                .hasSize(1);
    }

    @Test
    void shouldClusterDeferredRepliesOnceAnEpochClusterIsTaken() {
        ClusterLifecycle small = new ClusterLifecycle(POLICY, 1, 3);
        LifecycleState s = small.epochIds(start(), gen("A", 3, 1)).state();
        Step gone = small.epochIds(s, gen("C", 3, 1, 0, false));
        Step deferred = small.epochIds(gone.state(), gen("B", 3, 1, 0, false));
        assertThat(deferred.decisions()).isEmpty();
        assertThat(deferred.state().deferred()).extracting(EpochIds::sender).containsExactly(C, B);

        Step step = small.activate(deferred.state(), false, AT_GENESIS, Set.of(A, B)); // C left meanwhile
        assertThat(step.decisions()).hasSize(2);
        assertThat(step.decisions().get(0)).isInstanceOf(Download.class);
        assertThat(step.decisions().get(1)).isEqualTo(new Judged(B, Verdict.CLUSTERED, gen("B", 3, 1, 0, false)));
        assertThat(step.state().deferred()).isEmpty();
        assertThat(step.state().clustering().peerClusterCounts()).containsOnlyKeys(A, B);
    }

    @Test
    void shouldTellOnlyTheDownloadingClusterOfASplitAndANewPeer() {
        LifecycleState s = offerThenActivate(LIFECYCLE, start(), gen("A", 5, 1)).state();
        Step step = LIFECYCLE.epochIds(s, gen("B", 3, 1));
        assertThat(step.decisions())
                .containsExactlyInAnyOrder(
                        new Truncate(0, 3), new AddPeer(0, B), new Judged(B, Verdict.CLUSTERED, gen("B", 3, 1)));
        assertThat(step.state().targetBlock()).isEqualTo(POLICY.electionBlockOf(5));

        Step waiting = LIFECYCLE.epochIds(start(), gen("A", 5, 1));
        assertThat(LIFECYCLE.epochIds(waiting.state(), gen("B", 3, 1)).decisions())
                .as("a waiting cluster needs no message")
                .containsExactly(new Judged(B, Verdict.CLUSTERED, gen("B", 3, 1)));
    }

    @Test
    void shouldAskAgainAPeerThatAnsweredForAnOlderHeadOfOurs() {
        LifecycleState s = LIFECYCLE.chainMoved(start(), new ChainPosition(hashOf(4, 0), 4, POLICY.electionBlockOf(4)));
        Step step = LIFECYCLE.epochIds(s, gen("A", 3, 1));
        assertThat(step).isEqualTo(new Step(s, List.of(new ReAsk(A))));
    }

    @Test
    void shouldRemoveALeavingPeerFromRunningDownloadsAndDropWaitingClustersWithoutPeers() {
        LifecycleState s = offerThenActivate(LIFECYCLE, start(), gen("A", 5, 1), gen("B", 2, 1, 0, false))
                .state();
        Step step = LIFECYCLE.peerLeft(s, B);
        assertThat(step.decisions()).containsExactly(new RemovePeer(B));
        assertThat(step.state().clustering().epochClusters()).isEmpty();
        assertThat(LIFECYCLE.peerLeft(start(), B).decisions()).isEmpty();
    }

    /**
     * SPEC §6.5.7: three peers offer only checkpoints of epoch 1, a batch apart. The latest (p4's)
     * is downloaded; once applied and p4 answered again, the other two are trimmed to nothing and
     * finished in comparator order, so p3 is asked again before p2 — which is why the original
     * reports Outdated(p3) before Outdated(p2).
     */
    @Test
    void shouldAskTheLaterCheckpointsPeerAgainFirstWhenTheCheckpointsAreBatchesApart() {
        PeerId p2 = peer("p2");
        PeerId p3 = peer("p3");
        PeerId p4 = peer("p4");
        List<EpochIds> replies = new ArrayList<>();
        for (PeerId p : List.of(p2, p3, p4)) {
            int batches = Integer.parseInt(p.value().substring(1)) - 1;
            long number = GENESIS_BLOCK + batches * POLICY.blocksPerBatch();
            replies.add(new EpochIds(true, List.of(), Optional.of(new Checkpoint(number, hashOf(1, batches))), 1, p));
        }
        Set<PeerId> usable = Set.of(p2, p3, p4);
        LifecycleState s = start();
        for (EpochIds ids : replies) {
            s = LIFECYCLE.epochIds(s, ids).state();
        }
        Step first = LIFECYCLE.activate(s, false, AT_GENESIS, usable);
        Download download = only(Download.class, first).get(0);
        assertThat(download.cluster().peers().asList()).containsExactly(p4);

        long id = download.cluster().id();
        s = LIFECYCLE
                .downloadFinished(first.state(), id, ClusterOutcome.COMPLETED, "", Optional.empty())
                .state();
        ChainPosition applied = new ChainPosition(GENESIS, 0, GENESIS_BLOCK + 3 * POLICY.blocksPerBatch());
        s = LIFECYCLE.chainMoved(s, applied);
        Step finished = LIFECYCLE.finishReached(s, id, ClusterOutcome.COMPLETED);
        assertThat(only(ReAsk.class, finished)).containsExactly(new ReAsk(p4));
        assertThat(LIFECYCLE.activate(finished.state(), true, applied, usable).decisions())
                .as("p4 is heard first")
                .isEmpty();
        Step rest = LIFECYCLE.activate(finished.state(), false, applied, usable);
        List<QueueFinish> finishes = only(QueueFinish.class, rest);
        assertThat(finishes).hasSize(2);

        List<ReAsk> asked = new ArrayList<>();
        s = rest.state();
        for (QueueFinish f : finishes) { // the job actor reaches them in the order they were queued
            Step step = LIFECYCLE.finishReached(s, f.clusterId(), f.outcome());
            asked.addAll(only(ReAsk.class, step));
            s = step.state();
        }
        assertThat(asked).containsExactly(new ReAsk(p3), new ReAsk(p2));
        assertThat(s.idle()).isTrue();
    }
}
