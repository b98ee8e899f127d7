package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.SyncProgress;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.Policy;
import io.hms.verifier.Fault;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** getSyncStatus of a syncing node, built from its events. */
class SyncStatusTrackerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReportProgressPeersAndBansWhenEventsArrive() {
        SyncStatusTracker tracker = new SyncStatusTracker(Policy.UNIT, SyncProgress.Start.genesis(0), CLOCK);
        assertThat(tracker.status().get("syncing").asBoolean()).isTrue();
        assertThat(tracker.status().get("synced").asBoolean()).isFalse();

        PeerId good = new PeerId("a");
        PeerId liar = new PeerId("b");
        tracker.accept(new SyncEvent.BatchSetApplied(1, 1, 16, true, 25, 25, 25, 32));
        tracker.accept(new MacroSyncReturn.Good(good));
        tracker.accept(new SyncEvent.PeerBanned(liar, new PeerFault.Verification(Fault.INVALID_SIGNATURE), "bad"));
        tracker.accept(new SyncEvent.Synced(List.of(good), 1, 16));

        ObjectNode status = tracker.status();
        assertThat(status.get("synced").asBoolean()).isTrue();
        assertThat(status.get("progress").get("transactionsApplied").asLong()).isEqualTo(25);
        assertThat(status.get("progress").get("epochsApplied").asLong()).isEqualTo(1);
        assertThat(status.get("progress").get("targetBlock").asLong()).isEqualTo(32);
        assertThat(status.get("peers").get(0).get("peer").asText()).isEqualTo("a");
        assertThat(status.get("peers").get(0).get("result").asText()).isEqualTo("Good");
        assertThat(status.get("banned").get(0).get("peer").asText()).isEqualTo("b");

        tracker.accept(new SyncEvent.SyncFailed("no peer left"));
        assertThat(tracker.status().get("syncing").asBoolean()).isFalse();
        assertThat(tracker.status().get("failure").asText()).isEqualTo("no peer left");
    }
}
