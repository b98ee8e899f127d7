package io.hms.protocol.message;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;

/**
 * First frame each side sends on a connection. Any mismatch in protocol version, network id or
 * genesis hash closes the connection.
 */
public record Handshake(int protocolVersion, int networkId, Hash genesisHash, long services, ByteString nodeId) {
    public static final int PROTOCOL_VERSION = 2;

    public Handshake {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF || networkId < 0 || networkId > 0xFF) {
            throw new IllegalArgumentException("protocol version or network id out of range");
        }
        if (nodeId.size() > Limits.MAX_NODE_ID) {
            throw new IllegalArgumentException("node id too long: " + nodeId.size());
        }
    }

    public static final Codec<Handshake> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Handshake h) {
            out.varint(h.protocolVersion).u8(h.networkId).raw(h.genesisHash.unsafeBytes());
            out.varint(h.services).bytes(h.nodeId.unsafeBytes());
        }

        @Override
        public Handshake read(Reader in) throws DecodeException {
            int version = in.u16("Handshake.protocolVersion");
            int network = in.u8("Handshake.networkId");
            Hash genesis = Hash.read(in, "Handshake.genesisHash");
            long services = in.varint("Handshake.services");
            byte[] nodeId = in.bytes("Handshake.nodeId", Limits.MAX_NODE_ID);
            return new Handshake(version, network, genesis, services, ByteString.wrap(nodeId));
        }
    };
}
