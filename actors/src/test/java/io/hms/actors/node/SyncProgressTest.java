package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.protocol.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncProgressTest {
    private static final Policy UNIT = Policy.UNIT;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final PeerId PEER = new PeerId("p");

    @Test
    void shouldEstimateUnprovenEpochsFromTheProvenOnesWhenHalfwayThrough() {
        SyncProgress progress = fresh();
        on(progress, started(1, UNIT.electionBlockOf(4)), T0);
        on(progress, verified(1, UNIT.electionBlockOf(1), 1000), T0);
        on(progress, verified(2, UNIT.electionBlockOf(2), 3000), T0);
        on(progress, applied(1, 1000), T0);
        on(progress, applied(2, 4000), T0.plusSeconds(2));

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(2));

        assertThat(s.epochsApplied()).isEqualTo(2);
        assertThat(s.epochsTotal()).isEqualTo(4);
        assertThat(s.itemsApplied()).isEqualTo(4000);
        assertThat(s.itemsEstimated()).isEqualTo(4000 + 2 * 2000);
        assertThat(s.itemsPerSecond()).isEqualTo(1500.0); // from the first applied batch set, not from the start
        assertThat(s.fraction()).isEqualTo(0.5);
    }

    @Test
    void shouldHaveNoEtaAndAnUnknownTargetWhenNothingStarted() {
        SyncProgress progress = fresh();

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(30));

        assertThat(s.targetKnown()).isFalse();
        assertThat(s.fraction()).isZero();
        assertThat(s.eta()).isEmpty();
        assertThat(s.itemsEstimated()).isZero();
    }

    @Test
    void shouldCountOnTheWholeChainWhenResuming() {
        SyncProgress progress = new SyncProgress(UNIT, new SyncProgress.Start(UNIT.electionBlockOf(8), 800, 0));
        on(progress, started(9, UNIT.electionBlockOf(20)), T0);
        on(progress, verified(9, UNIT.electionBlockOf(9), 100), T0);
        on(progress, applied(9, 100), T0);

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(1));

        assertThat(s.epochsApplied()).as("epoch 9 of 20, not 1 of 12").isEqualTo(9);
        assertThat(s.epochsTotal()).isEqualTo(20);
        assertThat(s.itemsApplied()).isEqualTo(900);
        assertThat(s.itemsEstimated()).isEqualTo(800 + 12 * 100);
    }

    @Test
    void shouldCountTheHeldPartOfTheOpenEpochOnceWhenResumingFromACheckpoint() {
        long held = 50;
        SyncProgress progress =
                new SyncProgress(UNIT, new SyncProgress.Start(UNIT.electionBlockOf(2), 320 + held, held));
        on(progress, started(3, UNIT.electionBlockOf(3)), T0);
        on(progress, verified(3, UNIT.electionBlockOf(3), 160), T0);
        on(progress, applied(3, 160 - held), T0);

        SyncProgress.Snapshot s = progress.snapshot(T0);

        assertThat(s.itemsEstimated()).isEqualTo(480);
        assertThat(s.itemsApplied()).isEqualTo(480);
        assertThat(s.fraction()).isEqualTo(1.0);
    }

    @Test
    void shouldCountAFinalCheckpointInTheTotalAndInWhatIsDone() {
        long checkpoint = UNIT.electionBlockOf(2) + 2 * UNIT.blocksPerBatch();
        SyncProgress progress = fresh();
        on(progress, started(1, UNIT.electionBlockOf(2)), T0);
        on(progress, verified(1, UNIT.electionBlockOf(1), 160), T0);
        on(progress, verified(2, UNIT.electionBlockOf(2), 160), T0);
        on(progress, started(3, checkpoint), T0);

        assertThat(progress.snapshot(T0).itemsEstimated())
                .as("the checkpoint's blocks at the proven average per block")
                .isEqualTo(320 + 8 * 10);

        on(progress, verified(3, checkpoint, 90), T0);
        on(progress, applied(1, 160), T0);
        on(progress, applied(2, 320), T0);
        on(progress, new SyncEvent.BatchSetApplied(0, 3, checkpoint, false, 90, 90, 410, checkpoint), T0);
        SyncProgress.Snapshot s = progress.snapshot(T0);

        assertThat(s.itemsEstimated()).isEqualTo(410);
        assertThat(s.itemsApplied()).isEqualTo(410);
        assertThat(s.epochsApplied()).isEqualTo(2);
        assertThat(s.epochsTotal()).as("the open epoch is not complete").isEqualTo(2);
        assertThat(s.fraction()).isEqualTo(1.0);
    }

    @Test
    void shouldWithholdTheEtaUntilTenSecondsAfterTheFirstAppliedBatchSet() {
        SyncProgress progress = tenEpochsOfThousand();
        on(progress, applied(1, 1000), T0);
        on(progress, applied(2, 1500), T0.plusSeconds(5));

        assertThat(progress.snapshot(T0.plusSeconds(5)).eta()).isEmpty();

        on(progress, applied(3, 2000), T0.plusSeconds(10));
        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(10));

        assertThat(s.itemsPerSecond()).isEqualTo(100.0);
        assertThat(s.eta()).contains(Duration.ofSeconds((10_000 - 2000) / 100));
    }

    @Test
    void shouldWithholdTheEtaUntilTwoPercentAreDone() {
        SyncProgress progress = fresh();
        on(progress, started(1, UNIT.electionBlockOf(1000)), T0);
        on(progress, verified(1, UNIT.electionBlockOf(1), 1000), T0);
        on(progress, applied(1, 1000), T0);
        on(progress, applied(2, 5000), T0.plusSeconds(20));

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(20));

        assertThat(s.itemsEstimated()).isEqualTo(1_000_000);
        assertThat(s.eta()).as("0.5 %% done").isEmpty();
    }

    @Test
    void shouldMeasureTheRateOverTheRecentWindowWhenTheSyncSlowsDown() {
        SyncProgress progress = tenEpochsOfThousand();
        on(progress, applied(1, 100), T0);
        on(progress, applied(2, 1100), T0.plusSeconds(1));
        on(progress, applied(3, 1200), T0.plusSeconds(60));

        assertThat(progress.snapshot(T0.plusSeconds(60)).itemsPerSecond()).isCloseTo(100 / 59.0, within(1e-9));
    }

    @Test
    void shouldBeCompleteWhenSyncedWithNothingToDownload() {
        SyncProgress progress = new SyncProgress(UNIT, new SyncProgress.Start(UNIT.electionBlockOf(5), 500, 0));
        on(progress, new SyncEvent.Synced(List.of(PEER), 5, UNIT.electionBlockOf(5)), T0);

        SyncProgress.Snapshot s = progress.snapshot(T0);

        assertThat(s.epochsApplied()).isEqualTo(5);
        assertThat(s.epochsTotal()).isEqualTo(5);
        assertThat(s.fraction()).isEqualTo(1.0);
    }

    @Test
    void shouldNeverEstimateLessThanWhatWasAppliedWhenProofsLag() {
        SyncProgress progress = fresh();
        on(progress, verified(1, UNIT.electionBlockOf(1), 10), T0);
        on(progress, applied(1, 500), T0);

        assertThat(progress.snapshot(T0.plusSeconds(1)).itemsEstimated()).isEqualTo(500);
    }

    private static SyncProgress fresh() {
        return new SyncProgress(UNIT, SyncProgress.Start.genesis(UNIT.electionBlockOf(0)));
    }

    /** Ten epochs of which the first is proven at 1000 transactions: 10 000 estimated. */
    private static SyncProgress tenEpochsOfThousand() {
        SyncProgress progress = fresh();
        on(progress, started(1, UNIT.electionBlockOf(10)), T0);
        on(progress, verified(1, UNIT.electionBlockOf(1), 1000), T0);
        return progress;
    }

    @Test
    void shouldMoveWithVerifiedChunksWhileAnEpochDownloadsAndNeverPassTheEstimate() {
        SyncProgress progress = fresh();
        on(progress, started(1, UNIT.electionBlockOf(2)), T0);
        on(progress, verified(1, UNIT.electionBlockOf(1), 4096), T0);
        on(progress, verified(2, UNIT.electionBlockOf(2), 4096), T0);
        on(progress, chunk(1, 1024), T0.plusSeconds(1));
        on(progress, chunk(1, 1024), T0.plusSeconds(2));

        SyncProgress.Snapshot mid = progress.snapshot(T0.plusSeconds(2));

        assertThat(mid.itemsApplied()).as("verified, not applied yet").isEqualTo(2048);
        assertThat(mid.fraction()).isEqualTo(0.25);
        assertThat(mid.itemsPerSecond()).isEqualTo(1024.0);
        assertThat(mid.epochsApplied()).isZero();

        for (int i = 0; i < 10; i++) { // a retried cluster downloads chunks again
            on(progress, chunk(1, 1024), T0.plusSeconds(3));
        }
        assertThat(progress.snapshot(T0.plusSeconds(3)).itemsApplied()).isEqualTo(8192);
        on(progress, applied(1, 4096), T0.plusSeconds(4));
        assertThat(progress.snapshot(T0.plusSeconds(4)).epochsApplied()).isEqualTo(1);
    }

    private static void on(SyncProgress progress, SyncEvent event, Instant at) {
        progress.onEvent(event, at);
    }

    private static SyncEvent.ClusterStarted started(long firstEpoch, long target) {
        return new SyncEvent.ClusterStarted(0, ClusterKind.EPOCH, firstEpoch, 1, target, List.of(PEER));
    }

    private static SyncEvent.BatchSetVerified verified(long epoch, long block, long length) {
        return new SyncEvent.BatchSetVerified(0, PEER, epoch, block, 1, length, 0);
    }

    private static SyncEvent.ChunkReceived chunk(long epoch, int items) {
        return new SyncEvent.ChunkReceived(0, PEER, epoch, UNIT.electionBlockOf(epoch), 0, items, 0);
    }

    private static SyncEvent.BatchSetApplied applied(long epoch, long total) {
        return new SyncEvent.BatchSetApplied(0, epoch, UNIT.electionBlockOf(epoch), true, 0, 0, total, 0);
    }
}
