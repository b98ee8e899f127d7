package io.hms.actors.sync;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Services;
import org.slf4j.Logger;

/**
 * Which peers take part in the sync (SPEC §4.3 step 1): a peer that joins with the required
 * services is asked for epoch ids, one without them is reported Incompatible, one that leaves is
 * taken out of every cluster, and one whose data proved it lied is banned and disconnected, never
 * to be taken back by this sync. Used only from the supervisor's thread.
 */
final class PeerMembership {
    private final Logger log;
    private final SyncPeers peers;
    private final SyncEventPublisher publisher;
    private final EpochIdAsker asker;
    private final ClusterDriver driver;

    PeerMembership(
            Logger log, SyncPeers peers, SyncEventPublisher publisher, EpochIdAsker asker, ClusterDriver driver) {
        this.log = log;
        this.peers = peers;
        this.publisher = publisher;
        this.asker = asker;
        this.driver = driver;
    }

    void onEvent(PeerEvent event) {
        if (event instanceof PeerEvent.PeerJoined joined) {
            joined(joined);
        } else if (event instanceof PeerEvent.ProtocolBreach breach) {
            ban(breach.peer(), new PeerFault.Breach(breach.reason()), breach.detail()); // its PeerLeft follows
        } else {
            left(event.peer());
        }
    }

    private void joined(PeerEvent.PeerJoined joined) {
        if (!Services.canServeHistorySync(joined.services())) {
            if (!peers.isConnected(joined.peer())) {
                publisher.publish(new MacroSyncReturn.Incompatible(joined.peer(), joined.services()));
            }
        } else if (peers.join(joined.peer())) {
            ask(joined.peer());
        }
    }

    private void left(PeerId peer) {
        publisher.forget(peer);
        if (peers.leave(peer)) {
            driver.peerLeft(peer);
        }
    }

    /** Asks {@code peer} for epoch ids unless it is in a cluster or already asked (SPEC §4.3, §7.2 item 29). */
    void ask(PeerId peer) {
        asker.ask(peer, driver.state().clustering());
    }

    void ban(PeerId peer, PeerFault fault, String detail) {
        if (peers.ban(peer, fault)) {
            log.warn("banning peer={} fault={} detail={}", peer, fault.name(), detail);
            publisher.publish(new SyncEvent.PeerBanned(peer, fault, detail));
            peers.disconnect(peer, DisconnectReason.MALICIOUS);
        }
    }
}
