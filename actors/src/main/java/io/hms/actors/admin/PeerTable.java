package io.hms.actors.admin;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.transport.ConnectedPeer;
import io.hms.actors.transport.DialStatus;
import io.hms.actors.transport.PeerTraffic;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Services;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the rows of {@code GET /peers} from what a node knows of its peers at one moment: open
 * connections with their traffic, the peers it dials, and — for a syncing node — each peer's sync
 * result, the peers it banned and the clusters peers are in. Connected peers come first, then
 * dialed ones without a connection, then banned ones that left.
 *
 * @param connected open, handshaken connections
 * @param traffic what went over each open connection
 * @param dials how dialing each configured peer goes
 * @param results each peer's latest sync result (empty for a node that only serves)
 * @param banned the peers the sync banned
 * @param clusters active clusters each peer is in
 */
public record PeerTable(
        List<ConnectedPeer> connected,
        Map<PeerId, PeerTraffic.Snapshot> traffic,
        Map<PeerId, DialStatus> dials,
        Map<PeerId, MacroSyncReturn> results,
        Map<PeerId, SyncEvent.PeerBanned> banned,
        Map<PeerId, Integer> clusters) {

    public List<PeerRow> rows() {
        List<PeerRow> rows = new ArrayList<>();
        Set<PeerId> done = new LinkedHashSet<>();
        for (ConnectedPeer c : connected) {
            done.add(c.peer());
            rows.add(row(c.peer(), Optional.of(c)));
        }
        Set<PeerId> rest = new LinkedHashSet<>(dials.keySet());
        rest.addAll(banned.keySet());
        for (PeerId p : rest) {
            if (done.add(p)) {
                rows.add(row(p, Optional.empty()));
            }
        }
        return rows;
    }

    private PeerRow row(PeerId peer, Optional<ConnectedPeer> open) {
        State s = state(peer, open.isPresent());
        PeerTraffic.Snapshot t =
                open.isPresent() ? traffic.getOrDefault(peer, PeerTraffic.Snapshot.NONE) : PeerTraffic.Snapshot.NONE;
        return new PeerRow(
                peer.value(),
                open.map(ConnectedPeer::nodeName).orElse(""),
                open.map(c -> c.outbound() ? "outbound" : "inbound").orElse(""),
                open.isPresent(),
                open.map(c -> Services.describe(c.services())).orElse(""),
                s.state,
                s.code,
                s.reason,
                banned.containsKey(peer),
                clusters.getOrDefault(peer, 0),
                t.bytesReceived(),
                t.bytesSent(),
                t.requestsSent(),
                t.requestsFailed(),
                t.requestsServed(),
                t.requestsRefused());
    }

    private record State(String state, String code, String reason) {}

    private State state(PeerId peer, boolean open) {
        SyncEvent.PeerBanned ban = banned.get(peer);
        if (ban != null) {
            return new State("Banned", ban.fault().name(), ban.detail());
        }
        if (clusters.getOrDefault(peer, 0) > 0) {
            return new State("syncing", "", "");
        }
        MacroSyncReturn result = results.get(peer);
        if (result instanceof MacroSyncReturn.Good) {
            return new State("Good", "", "");
        }
        if (result instanceof MacroSyncReturn.Outdated o) {
            return new State("Outdated", o.reason().name(), o.detail());
        }
        if (result instanceof MacroSyncReturn.Incompatible i) {
            return new State("Incompatible", "MISSING_SERVICES", "offers " + Services.describe(i.services()));
        }
        if (open) {
            return new State("connected", "", "");
        }
        DialStatus d = dials.get(peer);
        String code = d == null ? "" : d.lastClose().map(Enum::name).orElse("NO_CONNECTION_YET");
        String attempts = d == null ? "" : d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts");
        return new State(d != null && d.gaveUp() ? "refused" : "unreachable", code, attempts);
    }
}
