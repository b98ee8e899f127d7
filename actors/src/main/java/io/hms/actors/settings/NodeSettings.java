package io.hms.actors.settings;

/**
 * Node-level settings ({@code hms.node}).
 *
 * @param minGoodPeers peers that must be Good, with no cluster or job pending, before the node
 *     counts as synced
 */
public record NodeSettings(int minGoodPeers) {
    public NodeSettings {
        HmsSettings.atLeast("minGoodPeers", minGoodPeers, 1);
    }
}
