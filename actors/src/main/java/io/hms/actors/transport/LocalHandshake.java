package io.hms.actors.transport;

import io.hms.protocol.message.Handshake;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Builds our Hello: the chain's identity, our services and a node id. The node id is an ASCII name,
 * {@code hms-} and 12 random hex digits per network instance: unique enough to recognise a node
 * that dialed itself or a peer connected twice, and readable in logs.
 */
public final class LocalHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalHandshake() {}

    public static Handshake create(int networkId, Hash genesisHash, long services) {
        return create(networkId, genesisHash, services, randomName());
    }

    public static Handshake create(int networkId, Hash genesisHash, long services, String nodeName) {
        byte[] nodeId = nodeName.getBytes(StandardCharsets.US_ASCII);
        return new Handshake(Handshake.PROTOCOL_VERSION, networkId, genesisHash, services, ByteString.wrap(nodeId));
    }

    /** {@code hms-} and 12 random hex digits. */
    public static String randomName() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "hms-" + HexFormat.of().formatHex(b);
    }

    /** A node id for logs: its text if it is printable ASCII, else hex. */
    public static String nameOf(ByteString nodeId) {
        for (byte b : nodeId.unsafeBytes()) {
            if (b < 0x20 || b > 0x7E) {
                return nodeId.toHex();
            }
        }
        return new String(nodeId.unsafeBytes(), StandardCharsets.US_ASCII);
    }
}
