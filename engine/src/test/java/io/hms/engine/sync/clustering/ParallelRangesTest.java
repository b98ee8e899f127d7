package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.ClusterLifecycleTest.after;
import static io.hms.engine.sync.clustering.EpochIdGen.GENESIS;
import static io.hms.engine.sync.clustering.EpochIdGen.GENESIS_BLOCK;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static io.hms.engine.sync.clustering.EpochIdGen.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterDecision.Download;
import io.hms.engine.sync.clustering.ClusterDecision.QueueFinish;
import io.hms.engine.sync.clustering.ClusterLifecycle.Step;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ranges in parallel (issue 15) without actors: an epoch cluster is cut into ranges, the next range
 * starts while the one before it downloads, from that one's last id (its anchor), and never behind a
 * range that ended without a verified tip.
 */
class ParallelRangesTest {
    private static final PeerId A = peer("A");
    private static final PeerId B = peer("B");
    private static final Set<PeerId> ALL = Set.of(A, B);
    private static final ChainPosition AT_GENESIS = new ChainPosition(GENESIS, 0, GENESIS_BLOCK);
    /** Ranges of 2 ids, one range ahead of the first, room for 3 activated clusters. */
    private static final ClusterLifecycle RANGES = new ClusterLifecycle(POLICY, 100, 3, new ParallelRanges(2, 1));

    /** A and B offered epochs 1–5; then one activation. */
    private static Step offeredFiveThenActivate(ClusterLifecycle lifecycle) {
        LifecycleState s = LifecycleState.initial(genesisState());
        s = lifecycle.epochIds(s, gen("A", 5, 1)).state();
        s = lifecycle.epochIds(s, gen("B", 5, 1)).state();
        return lifecycle.activate(s, false, AT_GENESIS, ALL);
    }

    private static List<Download> downloads(Step step) {
        return step.decisions().stream()
                .filter(Download.class::isInstance)
                .map(Download.class::cast)
                .toList();
    }

    private static StartPoint.Anchor anchorAt(long epoch) {
        return new StartPoint.Anchor(id(epoch, false), epoch, POLICY.electionBlockOf(epoch));
    }

    @Test
    void shouldStartTwoRangesAtOnceTheSecondFromTheFirstOnesLastId() {
        Step step = offeredFiveThenActivate(RANGES);

        List<Download> started = downloads(step);
        assertThat(started).hasSize(2);
        assertThat(started.get(0).cluster().ids()).containsExactly(id(1, false), id(2, false));
        assertThat(started.get(0).start()).isEqualTo(StartPoint.FromStore.INSTANCE);
        assertThat(started.get(1).cluster().ids()).containsExactly(id(3, false), id(4, false));
        assertThat(started.get(1).cluster().peers().asList()).containsExactly(A, B);
        assertThat(started.get(1).start()).isEqualTo(anchorAt(2));
        assertThat(step.state().activationOrder())
                .containsExactly(
                        started.get(0).cluster().id(), started.get(1).cluster().id());
        assertThat(shapes(step.state().clustering().epochClusters()))
                .as("the rest waits for room in the window")
                .containsExactly("1@5/2");
        assertCountsMatchMembership(step.state().clustering(), "after cutting into ranges");
    }

    @Test
    void shouldStartNoRangeAheadWhenPeersDisagreeOnWhatFollows() {
        // A and B agree on epochs 1-2 and fork from 3: two waiting clusters start at epoch 3
        LifecycleState s = LifecycleState.initial(genesisState());
        s = RANGES.epochIds(s, gen("A", 5, 1)).state();
        s = RANGES.epochIds(s, gen("B", 5, 1, 2, false)).state();

        Step step = RANGES.activate(s, false, AT_GENESIS, ALL);

        List<Download> started = downloads(step);
        assertThat(started).hasSize(1);
        assertThat(started.get(0).cluster().ids()).containsExactly(id(1, false), id(2, false));
        assertThat(step.state().clustering().epochClusters())
                .as("both forks wait for the first range to be applied")
                .hasSize(2)
                .allMatch(c -> c.firstEpoch() == 3);
        assertCountsMatchMembership(step.state().clustering(), "after a fork behind the first range");
    }

    @Test
    void shouldStartTheNextRangeWhenTheFirstIsAppliedWhileTheSecondStillDownloads() {
        Step step = offeredFiveThenActivate(RANGES);
        long first = downloads(step).get(0).cluster().id();
        long second = downloads(step).get(1).cluster().id();
        LifecycleState s = step.state();

        Step ended = RANGES.downloadFinished(s, first, ClusterOutcome.COMPLETED, "", Optional.of(after(2).tip()));
        assertThat(ended.decisions())
                .contains(new QueueFinish(
                        first,
                        ClusterOutcome.COMPLETED,
                        Optional.of(after(2).tip().predecessor().hash())));
        assertThat(downloads(RANGES.activate(ended.state(), false, AT_GENESIS, ALL)))
                .as("the window holds two ranges until the first is applied")
                .isEmpty();

        LifecycleState applied = RANGES.finishReached(ended.state(), first, ClusterOutcome.COMPLETED)
                .state();
        List<Download> third = downloads(RANGES.activate(applied, false, AT_GENESIS, ALL));
        assertThat(third).hasSize(1);
        assertThat(third.get(0).cluster().ids()).containsExactly(id(5, false));
        assertThat(third.get(0).start()).isEqualTo(anchorAt(4));
        assertThat(applied.isDownloading(second)).isTrue();
    }

    @Test
    void shouldStartNoRangeBehindOneThatEndedWithoutAVerifiedTip() {
        ClusterLifecycle threeAtOnce = new ClusterLifecycle(POLICY, 100, 4, new ParallelRanges(1, 2));
        LifecycleState s = LifecycleState.initial(genesisState());
        s = threeAtOnce.epochIds(s, gen("A", 5, 1)).state();
        Step step = threeAtOnce.activate(s, false, AT_GENESIS, ALL);
        List<Download> started = downloads(step);
        assertThat(started).extracting(d -> d.cluster().firstEpoch()).containsExactly(1L, 2L, 3L);

        long first = started.get(0).cluster().id();
        long last = started.get(2).cluster().id();
        LifecycleState failed = threeAtOnce
                .downloadFinished(step.state(), last, ClusterOutcome.FAILED, "no peer left", Optional.empty())
                .state();
        LifecycleState firstApplied = threeAtOnce
                .finishReached(
                        threeAtOnce
                                .downloadFinished(
                                        failed, first, ClusterOutcome.COMPLETED, "", Optional.of(after(1).tip()))
                                .state(),
                        first,
                        ClusterOutcome.COMPLETED)
                .state();

        assertThat(downloads(threeAtOnce.activate(firstApplied, false, AT_GENESIS, ALL)))
                .as("epoch 4 would follow a range that has no verified last block")
                .isEmpty();
    }

    @Test
    void shouldAskThePeersAgainInsteadOfStartingAClusterThatNoLongerFollowsOurChain() {
        // ranges of one epoch, one ahead (the demo's shape): epoch 1 from our store, epoch 2 from its anchor
        ClusterLifecycle oneByOne = new ClusterLifecycle(POLICY, 100, 3, new ParallelRanges(1, 1));
        LifecycleState s = LifecycleState.initial(genesisState());
        s = oneByOne.epochIds(s, gen("A", 5, 1)).state();
        s = oneByOne.epochIds(s, gen("B", 5, 1)).state();
        Step step = oneByOne.activate(s, false, AT_GENESIS, ALL);
        long first = downloads(step).get(0).cluster().id();
        long second = downloads(step).get(1).cluster().id();
        assertThat(downloads(step)).extracting(d -> d.cluster().firstEpoch()).containsExactly(1L, 2L);

        // the second range fails (a worker without a connection to its peers); the first is applied
        s = oneByOne.downloadFinished(step.state(), second, ClusterOutcome.FAILED, "no peer left", Optional.empty())
                .state();
        s = oneByOne.downloadFinished(s, first, ClusterOutcome.COMPLETED, "", Optional.of(after(1).tip()))
                .state();
        ChainPosition atEpochOne = new ChainPosition(id(1, false), 1, POLICY.electionBlockOf(1));
        s = oneByOne.chainMoved(s, atEpochOne);
        s = oneByOne.finishReached(s, first, ClusterOutcome.COMPLETED).state();
        s = oneByOne.finishReached(s, second, ClusterOutcome.FAILED).state();
        assertThat(shapes(s.clustering().epochClusters()))
                .as("epochs 3-5 wait, epoch 2 went with the failed range")
                .containsExactly("3@3/2");

        Step next = oneByOne.activate(s, false, atEpochOne, ALL);

        assertThat(downloads(next))
                .as("epoch 3 cannot be verified from our epoch 1: it would fail and bench honest peers")
                .isEmpty();
        assertThat(next.decisions())
                .as("its peers, now in no cluster, are asked for the ids after our head")
                .containsExactlyInAnyOrder(new ClusterDecision.ReAsk(A), new ClusterDecision.ReAsk(B));
        assertThat(next.state().clustering().epochClusters()).isEmpty();
        assertCountsMatchMembership(next.state().clustering(), "after dropping the cluster behind a gap");

        LifecycleState again = next.state();
        again = oneByOne.epochIds(again, gen("A", 5, 1)).state();
        again = oneByOne.epochIds(again, gen("B", 5, 1)).state();
        List<Download> resumed = downloads(oneByOne.activate(again, false, atEpochOne, ALL));
        assertThat(resumed).isNotEmpty();
        assertThat(resumed.get(0).cluster().firstEpoch())
                .as("the answers start right after our head")
                .isEqualTo(2);
        assertThat(resumed.get(0).start()).isEqualTo(StartPoint.FromStore.INSTANCE);
    }

    @Test
    void shouldKeepOneDownloadAtATimeWithoutRanges() {
        Step step = offeredFiveThenActivate(new ClusterLifecycle(POLICY, 100, 3));
        assertThat(downloads(step)).hasSize(1);
        assertThat(downloads(step).get(0).cluster().size()).isEqualTo(5);
    }

    @Test
    void shouldDeriveTheRangeSizeFromOneEpochIdReplySharedByTheRangesAtOnce() {
        assertThat(ParallelRanges.of(0, 1000, 1)).isEqualTo(new ParallelRanges(500, 1));
        assertThat(ParallelRanges.of(8, 1000, 1)).isEqualTo(new ParallelRanges(8, 1));
        assertThat(ParallelRanges.of(0, 1, 3)).isEqualTo(new ParallelRanges(1, 3));
    }
}
