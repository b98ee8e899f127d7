package io.hms.actors.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.transport.CloseReason;
import io.hms.actors.transport.ConnectedPeer;
import io.hms.actors.transport.DialStatus;
import io.hms.actors.transport.PeerTraffic;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerTableTest {
    private static final PeerId GOOD = new PeerId("10.0.0.1:7000");
    private static final PeerId OUTDATED = new PeerId("10.0.0.2:7000");
    private static final PeerId SYNCING = new PeerId("10.0.0.3:7000");
    private static final PeerId INBOUND = new PeerId("10.0.0.9:51000");
    private static final PeerId DOWN = new PeerId("10.0.0.4:7000");
    private static final PeerId LIAR = new PeerId("10.0.0.5:7000");
    private static final long ALL = Services.HISTORY | Services.FULL_BLOCKS;

    @Test
    void shouldGiveEachPeerItsStateCodeAndTrafficWhenTheSyncKnowsThem() {
        PeerTable table = new PeerTable(
                List.of(open(GOOD, true), open(OUTDATED, true), open(SYNCING, true), open(INBOUND, false)),
                Map.of(GOOD, new PeerTraffic.Snapshot(1000, 200, 7, 1, 0, 0, 0)),
                Map.of(
                        GOOD, dial(GOOD, true, false, Optional.empty(), 1),
                        DOWN, dial(DOWN, false, false, Optional.of(CloseReason.CONNECT_FAILED), 3)),
                Map.of(
                        GOOD, new MacroSyncReturn.Good(GOOD),
                        OUTDATED, new MacroSyncReturn.Outdated(OUTDATED, OutdatedReason.FORK, "ids differ"),
                        SYNCING, new MacroSyncReturn.Good(SYNCING)),
                Map.of(LIAR, new SyncEvent.PeerBanned(LIAR, new PeerFault.Breach("OVERSIZE_FRAME"), "bad proof")),
                Map.of(SYNCING, 1));

        List<PeerRow> rows = table.rows();

        assertThat(rows)
                .extracting(PeerRow::peer)
                .containsExactly(
                        GOOD.value(), OUTDATED.value(), SYNCING.value(), INBOUND.value(), DOWN.value(), LIAR.value());
        assertThat(rows)
                .extracting(PeerRow::state)
                .containsExactly("Good", "Outdated", "syncing", "connected", "unreachable", "Banned");
        assertThat(rows.get(0)).satisfies(r -> {
            assertThat(r.bytesReceived()).isEqualTo(1000);
            assertThat(r.requestsSent()).isEqualTo(7);
            assertThat(r.requestsFailed()).isEqualTo(1);
            assertThat(r.direction()).isEqualTo("outbound");
            assertThat(r.services()).isEqualTo(Services.describe(ALL));
        });
        assertThat(rows.get(1).reasonCode()).isEqualTo("FORK");
        assertThat(rows.get(1).reason()).isEqualTo("ids differ");
        assertThat(rows.get(3).direction()).isEqualTo("inbound");
        assertThat(rows.get(4).reasonCode()).isEqualTo("CONNECT_FAILED");
        assertThat(rows.get(4).connected()).isFalse();
        assertThat(rows.get(5).banned()).isTrue();
        assertThat(rows.get(5).reasonCode()).isEqualTo("OVERSIZE_FRAME");
    }

    private static ConnectedPeer open(PeerId peer, boolean outbound) {
        return new ConnectedPeer(peer, ByteString.wrap(new byte[32]), ALL, outbound);
    }

    private static DialStatus dial(PeerId peer, boolean open, boolean gaveUp, Optional<CloseReason> last, int n) {
        return new DialStatus(peer, open, gaveUp, last, n);
    }
}
