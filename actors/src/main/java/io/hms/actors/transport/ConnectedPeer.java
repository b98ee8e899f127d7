package io.hms.actors.transport;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.model.ByteString;

/** A snapshot of one open connection, for status output and tests. */
public record ConnectedPeer(PeerId peer, ByteString nodeId, long services, boolean outbound) {
    /** The node id as text (see {@link LocalHandshake#nameOf}). */
    public String nodeName() {
        return LocalHandshake.nameOf(nodeId);
    }
}
