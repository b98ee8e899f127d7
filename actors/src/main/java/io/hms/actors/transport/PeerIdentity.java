package io.hms.actors.transport;

import io.hms.engine.ban.BanKey;
import io.hms.protocol.model.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a ban of one connection's peer refuses: its address ({@link BanKey.Address}, the IP of a
 * peer that dialed us; {@link BanKey.Endpoint}, the {@code host:port} we dialed) and its node id
 * once its Hello arrived.
 */
record PeerIdentity(BanKey address, Optional<ByteString> nodeId) {

    List<BanKey> keys() {
        List<BanKey> keys = new ArrayList<>(2);
        keys.add(address);
        nodeId.ifPresent(id -> keys.add(new BanKey.Node(id)));
        return keys;
    }
}
