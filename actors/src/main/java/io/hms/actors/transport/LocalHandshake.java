package io.hms.actors.transport;

import io.hms.protocol.message.Handshake;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import java.security.SecureRandom;

/** Builds our Hello: the chain's identity, our services and a fresh random node id per process. */
public final class LocalHandshake {
  private static final int NODE_ID_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalHandshake() {}

  public static Handshake create(int networkId, Hash genesisHash, long services) {
    byte[] nodeId = new byte[NODE_ID_BYTES];
    RANDOM.nextBytes(nodeId);
    return new Handshake(Handshake.PROTOCOL_VERSION, networkId, genesisHash, services, ByteString.wrap(nodeId));
  }
}
