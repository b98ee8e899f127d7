package io.hms.actors.transport;

import io.hms.engine.sync.PeerId;
import java.util.Optional;

/**
 * How dialing a configured peer goes, for status output.
 *
 * @param open a connection to it is open (handshake done)
 * @param gaveUp we stopped dialing it (another chain, ourselves, a protocol breach, or dropped by the sync)
 * @param lastClose why its last connection closed (or could not be made)
 * @param attempts connections tried so far
 */
public record DialStatus(PeerId peer, boolean open, boolean gaveUp, Optional<CloseReason> lastClose, int attempts) {}
