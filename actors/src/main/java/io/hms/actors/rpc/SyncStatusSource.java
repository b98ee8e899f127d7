package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What getSyncStatus answers: the running sync's state, or that this node does not sync. */
@FunctionalInterface
public interface SyncStatusSource {

    /** A fresh JSON object; called on the RPC dispatcher, concurrently with the sync. */
    ObjectNode status();

    /** A node that serves a store and runs no sync ({@code hms serve}). */
    static SyncStatusSource notSyncing() {
        return () -> JsonNodeFactory.instance.objectNode().put("syncing", false);
    }
}
