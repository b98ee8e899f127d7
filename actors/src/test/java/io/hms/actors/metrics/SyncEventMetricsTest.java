package io.hms.actors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.verifier.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncEventMetricsTest {
    private final HmsMetrics metrics = HmsMetrics.discarding();
    private final SyncEventMetrics events = new SyncEventMetrics(metrics);

    @Test
    void shouldCountClustersAppliedItemsAndResultsWhenEventsArrive() {
        PeerId p = new PeerId("p");
        metrics.peerConnected(p);
        events.onEvent(new SyncEvent.ClusterStarted(1, ClusterKind.EPOCH, 1, 2, 32, List.of(p)));
        events.onEvent(new SyncEvent.ClusterStarted(2, ClusterKind.CHECKPOINT, 3, 1, 36, List.of(p)));
        events.onEvent(new SyncEvent.BatchSetApplied(1, 1, 16, true, 700, 700, 700, 36));
        events.onEvent(new SyncEvent.ClusterFinished(1, ClusterOutcome.COMPLETED));
        events.onEvent(new MacroSyncReturn.Good(p));
        events.onEvent(new SyncEvent.PeerBanned(p, new PeerFault.Verification(Fault.INVALID_SIGNATURE), "forged"));

        assertThat(metrics.registry().get("hms.clusters.active").gauge().value())
                .isEqualTo(1.0);
        assertThat(metrics.registry().get("hms.transactions.applied").counter().count())
                .isEqualTo(700.0);
        assertThat(peers("syncing")).as("p is still in the checkpoint cluster").isEqualTo(1.0);
        events.onEvent(new SyncEvent.ClusterFinished(2, ClusterOutcome.COMPLETED));
        assertThat(peers("good")).isEqualTo(1.0);
        assertThat(metrics.registry()
                        .get("hms.peer.bans")
                        .tag("fault", "invalid_signature")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldRecordVerificationTimeWhenBatchSetsAndChunksAreVerified() {
        PeerId p = new PeerId("p");
        events.onEvent(new SyncEvent.BatchSetVerified(1, p, 1, 16, 4, 700, 2_000_000));
        events.onEvent(new SyncEvent.ChunkReceived(1, p, 1, 16, 0, 700, 3_000_000));

        var timer = metrics.registry().get("hms.verification").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    }

    @Test
    void shouldCountAPeersResultOnceWhenItIsReportedAgainAndAgain() {
        PeerId p = new PeerId("p");
        metrics.peerConnected(p);
        for (int i = 0; i < 17; i++) { // follow mode re-checks the same peer
            events.onEvent(new MacroSyncReturn.Good(p));
        }
        events.onEvent(new MacroSyncReturn.Outdated(p, io.hms.actors.events.OutdatedReason.NOTHING_NEW, ""));

        assertThat(peers("good")).isZero();
        assertThat(peers("outdated")).isEqualTo(1.0);
    }

    @Test
    void shouldDropAPeersMetersWhenItDisconnects() {
        PeerId p = new PeerId("10.0.0.1:7001");
        metrics.peerConnected(p);
        events.onEvent(new SyncEvent.ChunkReceived(1, p, 1, 16, 0, 1024, 1));
        metrics.peerBytesReceived(p, 5000);
        events.onEvent(new MacroSyncReturn.Good(p));

        assertThat(metrics.registry()
                        .get("hms.peer.items")
                        .tag("peer", p.value())
                        .counter()
                        .count())
                .isEqualTo(1024.0);
        assertThat(metrics.registry()
                        .get("hms.peer.bytes")
                        .tags("peer", p.value(), "direction", "in")
                        .counter()
                        .count())
                .isEqualTo(5000.0);

        metrics.peerDisconnected(p);
        events.onEvent(new MacroSyncReturn.Good(p)); // a late result of a peer that left is not counted

        assertThat(metrics.registry().find("hms.peer.items").counters()).isEmpty();
        assertThat(metrics.registry().find("hms.peer.bytes").counters()).isEmpty();
        assertThat(peers("good")).isZero();
    }

    private double peers(String state) {
        return metrics.registry().get("hms.peers").tag("state", state).gauge().value();
    }
}
