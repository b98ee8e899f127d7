package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;

/**
 * What a host node does once the macro sync has caught up: the original hands the Good peers to its
 * live sync (micro blocks). hms calls the hook each time the node becomes synced — at least {@code
 * hms.node.min-good-peers} peers are Good and nothing is pending — with those peers.
 */
public interface LiveSyncHook extends AutoCloseable {

    /** The node is synced; {@code synced.goodPeers()} have nothing beyond our head. */
    void onSynced(SyncEvent.Synced synced);

    /** Stops whatever the hook started. */
    @Override
    default void close() {}

    /** A hook that does nothing: the node stays with the result of the macro sync. */
    static LiveSyncHook none() {
        return synced -> {};
    }
}
