package io.hms.actors.settings;

/**
 * Node-level settings ({@code hms.node}).
 *
 * @param minGoodPeers peers that must be Good, with no cluster or job pending, before the node
 *     counts as synced
 * @param maxPeerRecords peers whose latest result or ban the node keeps (its status and peer table)
 */
public record NodeSettings(int minGoodPeers, int maxPeerRecords) {
    /** {@code hms.node.max-peer-records} of reference.conf. */
    public static final int DEFAULT_MAX_PEER_RECORDS = 1024;

    public NodeSettings {
        HmsSettings.atLeast("minGoodPeers", minGoodPeers, 1);
        HmsSettings.atLeast("maxPeerRecords", maxPeerRecords, 1);
    }
}
