package io.hms.actors.admin;

import io.hms.actors.node.StatusReport;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /status} answers: the running node and its store.
 *
 * @param role {@code serve} or {@code sync}
 * @param pid the node's process id
 * @param listen the address it serves peers on ({@code host:port})
 * @param peersConnected peers with an open, handshaken connection
 * @param sync the sync's state; empty for {@code hms serve}
 * @param store what {@code hms status} shows of the store, as the node sees it now
 */
public record NodeStatus(
        String role, long pid, String listen, int peersConnected, Optional<Sync> sync, StatusReport store) {

    /**
     * A syncing node's state.
     *
     * @param synced whether it counts as synced now
     * @param activeClusters clusters downloading or with batch sets waiting to be applied
     * @param waitingClusters clusters not yet activated
     * @param queuedJobs pushes and finishes waiting to be applied
     * @param bannedPeers peers banned by this sync
     */
    public record Sync(
            boolean synced, int activeClusters, int waitingClusters, int queuedJobs, List<String> bannedPeers) {}

    /** What {@code GET /peers} answers: the peer table and the network's running bans. */
    public record Peers(String role, List<PeerRow> peers, List<Ban> bans) {}

    /** A running ban of the network: what it refuses (address, endpoint or node id), why and until when. */
    public record Ban(String key, String reason, String since, String until, int offences) {}
}
