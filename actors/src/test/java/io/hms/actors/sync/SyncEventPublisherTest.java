package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SyncEventPublisherTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId A = new PeerId("a");
    static final PeerId B = new PeerId("b");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldReplayLatestResultPerPeerAndSyncedWhenSubscriberArrivesLate() {
        AtomicLong head = new AtomicLong(10);
        SyncEventPublisher publisher = new SyncEventPublisher(head::get);
        publisher.publish(new MacroSyncReturn.Outdated(A, OutdatedReason.BEHIND, "x"));
        publisher.publish(new SyncEvent.ChunkReceived(1, A, 1, 16, 0, 3, 0));
        publisher.publish(new MacroSyncReturn.Good(B));
        publisher.publish(new MacroSyncReturn.Good(A));
        SyncEvent.Synced synced = new SyncEvent.Synced(List.of(A, B), 1, 16);
        publisher.synced(Optional.of(synced));
        TestProbe<SyncEvent> late = KIT.createTestProbe();
        publisher.subscribe(late.getRef());
        assertThat(late.receiveSeveralMessages(3))
                .containsExactly(new MacroSyncReturn.Good(B), new MacroSyncReturn.Good(A), synced);
        late.expectNoMessage(Duration.ofMillis(100));
        assertThat(publisher.goodPeers()).containsExactly(B, A);
    }

    @Test
    void shouldPublishSyncedOnlyWhenItBecomesTrue() {
        SyncEventPublisher publisher = new SyncEventPublisher(() -> 0);
        TestProbe<SyncEvent> probe = KIT.createTestProbe();
        publisher.subscribe(probe.getRef());
        SyncEvent.Synced synced = new SyncEvent.Synced(List.of(A), 0, 0);
        publisher.synced(Optional.of(synced));
        publisher.synced(Optional.of(synced));
        publisher.synced(Optional.empty());
        publisher.synced(Optional.of(synced));
        assertThat(probe.receiveSeveralMessages(2)).containsExactly(synced, synced);
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void shouldNameNothingNewPeersOnlyWhenHeadAdvancedSinceTheirReport() {
        AtomicLong head = new AtomicLong(10);
        SyncEventPublisher publisher = new SyncEventPublisher(head::get);
        publisher.publish(new MacroSyncReturn.Outdated(A, OutdatedReason.NOTHING_NEW, "queued"));
        publisher.publish(new MacroSyncReturn.Outdated(B, OutdatedReason.FORK, "fork"));
        assertThat(publisher.nothingNewBefore(10)).isEmpty();
        head.set(20);
        assertThat(publisher.nothingNewBefore(20)).containsExactly(A);
        publisher.forget(A);
        assertThat(publisher.nothingNewBefore(20)).isEmpty();
        assertThat(publisher.outdatedPeers()).containsExactly(B);
    }
}
