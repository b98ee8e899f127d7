package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

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
        SyncProgress progress = new SyncProgress(UNIT, 0, T0);
        progress.onEvent(
                new SyncEvent.ClusterStarted(0, ClusterKind.EPOCH, 1, 4, UNIT.electionBlockOf(4), List.of(PEER)));
        progress.onEvent(new SyncEvent.BatchSetVerified(0, PEER, 1, UNIT.electionBlockOf(1), 4, 1000, 0));
        progress.onEvent(new SyncEvent.BatchSetVerified(0, PEER, 2, UNIT.electionBlockOf(2), 4, 3000, 0));
        progress.onEvent(applied(1, 1000));
        progress.onEvent(applied(2, 4000));

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(2));

        assertThat(s.epochsApplied()).isEqualTo(2);
        assertThat(s.epochsTotal()).isEqualTo(4);
        assertThat(s.itemsApplied()).isEqualTo(4000);
        assertThat(s.itemsEstimated()).isEqualTo(4000 + 2 * 2000);
        assertThat(s.itemsPerSecond()).isEqualTo(2000.0);
        assertThat(s.eta()).contains(Duration.ofSeconds(2));
    }

    @Test
    void shouldHaveNoEtaWhenNothingWasApplied() {
        SyncProgress progress = new SyncProgress(UNIT, 0, T0);
        progress.onEvent(
                new SyncEvent.ClusterStarted(0, ClusterKind.EPOCH, 1, 2, UNIT.electionBlockOf(2), List.of(PEER)));

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(1));

        assertThat(s.eta()).isEmpty();
        assertThat(s.epochsTotal()).isEqualTo(2);
        assertThat(s.itemsEstimated()).isZero();
    }

    @Test
    void shouldCountEpochsFromOurElectionHeadWhenResuming() {
        SyncProgress progress = new SyncProgress(UNIT, UNIT.electionBlockOf(3), T0);
        progress.onEvent(
                new SyncEvent.ClusterStarted(0, ClusterKind.EPOCH, 4, 2, UNIT.electionBlockOf(5), List.of(PEER)));
        progress.onEvent(applied(4, 100));

        SyncProgress.Snapshot s = progress.snapshot(T0.plusSeconds(1));

        assertThat(s.epochsApplied()).isEqualTo(1);
        assertThat(s.epochsTotal()).isEqualTo(2);
    }

    @Test
    void shouldNeverEstimateLessThanWhatWasAppliedWhenProofsLag() {
        SyncProgress progress = new SyncProgress(UNIT, 0, T0);
        progress.onEvent(new SyncEvent.BatchSetVerified(0, PEER, 1, UNIT.electionBlockOf(1), 4, 10, 0));
        progress.onEvent(applied(1, 500));

        assertThat(progress.snapshot(T0.plusSeconds(1)).itemsEstimated()).isEqualTo(500);
    }

    private static SyncEvent.BatchSetApplied applied(long epoch, long total) {
        return new SyncEvent.BatchSetApplied(0, epoch, UNIT.electionBlockOf(epoch), true, 0, 0, total, 0);
    }
}
