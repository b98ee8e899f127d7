package io.hms.engine.ban;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One identity a ban refuses. A peer that dialed us is known by its IP address (its source port is
 * ephemeral: a new connection gets a new one) and, after its Hello, its node id; a peer we dialed
 * by the address we dialed (host and port: a listening port names a server, and several servers may
 * share a host) and its node id. A ban records every identity the peer had, and any one matching
 * refuses.
 */
public sealed interface BanKey permits BanKey.Address, BanKey.Endpoint, BanKey.Node {

    /** Longest text or node id a key may hold (bytes), so that a stored key cannot grow without bound. */
    int MAX_KEY_BYTES = 255;

    /** For logs and status output: {@code ip 10.0.0.7}, {@code endpoint 10.0.0.7:8443}, {@code node hms-1a2b}. */
    String describe();

    /** The IP address of a peer that dialed us, as text ({@code 127.0.0.1}, {@code ::1}). */
    record Address(String ip) implements BanKey {
        public Address {
            checkText(ip);
        }

        @Override
        public String describe() {
            return "ip " + ip;
        }
    }

    /** The address we dial a peer at, {@code host:port} as configured. */
    record Endpoint(String hostPort) implements BanKey {
        public Endpoint {
            checkText(hostPort);
        }

        @Override
        public String describe() {
            return "endpoint " + hostPort;
        }
    }

    /** The node id of a peer's Hello. */
    record Node(ByteString nodeId) implements BanKey {
        public Node {
            Objects.requireNonNull(nodeId, "nodeId");
            if (nodeId.size() > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("node id longer than " + MAX_KEY_BYTES + " bytes");
            }
        }

        @Override
        public String describe() {
            byte[] b = nodeId.unsafeBytes();
            for (byte c : b) {
                if (c < 0x20 || c > 0x7E) {
                    return "node " + HexFormat.of().formatHex(b);
                }
            }
            return "node " + new String(b, StandardCharsets.US_ASCII);
        }
    }

    private static void checkText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("a ban key needs 1.." + MAX_KEY_BYTES + " bytes: " + text);
        }
    }

    /** A tag byte (0 address, 1 endpoint, 2 node) and the key's bytes ({@code bytes<255>}). */
    Codec<BanKey> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, BanKey key) {
            if (key instanceof Address a) {
                out.u8(0).bytes(a.ip().getBytes(StandardCharsets.UTF_8));
            } else if (key instanceof Endpoint e) {
                out.u8(1).bytes(e.hostPort().getBytes(StandardCharsets.UTF_8));
            } else if (key instanceof Node n) {
                out.u8(2).bytes(n.nodeId().unsafeBytes());
            }
        }

        @Override
        public BanKey read(Reader in) throws DecodeException {
            int tag = in.u8("BanKey.tag");
            byte[] b = in.bytes("BanKey.value", MAX_KEY_BYTES);
            try {
                return switch (tag) {
                    case 0 -> new Address(new String(b, StandardCharsets.UTF_8));
                    case 1 -> new Endpoint(new String(b, StandardCharsets.UTF_8));
                    case 2 -> new Node(ByteString.wrap(b));
                    default -> throw new DecodeException("BanKey.tag", "unknown tag " + tag);
                };
            } catch (IllegalArgumentException e) {
                throw new DecodeException("BanKey.value", e.getMessage());
            }
        }
    };
}
