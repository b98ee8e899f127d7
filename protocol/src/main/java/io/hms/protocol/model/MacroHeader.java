package io.hms.protocol.model;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/**
 * Header of a macro block. Its canonical encoding is what the block hash covers.
 *
 * @param network network id (u8)
 * @param version header version (u16), 1 today
 * @param blockNumber u32 block number
 * @param timestamp milliseconds since the Unix epoch (u64)
 * @param parentHash hash of the previous macro block (zeros for genesis)
 * @param parentElectionHash hash of the election block that closed the previous epoch
 * @param historyRoot root of this epoch's history tree after this block
 * @param bodyRoot hash of the body
 * @param extraData at most 32 bytes
 */
public record MacroHeader(
        int network,
        int version,
        long blockNumber,
        long timestamp,
        Hash parentHash,
        Hash parentElectionHash,
        Hash historyRoot,
        Hash bodyRoot,
        ByteString extraData) {

    public MacroHeader {
        if (network < 0 || network > 0xFF) {
            throw new IllegalArgumentException("network id out of range: " + network);
        }
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version out of range: " + version);
        }
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number out of range: " + blockNumber);
        }
        if (extraData.size() > Limits.MAX_EXTRA_DATA) {
            throw new IllegalArgumentException("extra data too long: " + extraData.size());
        }
    }

    public Hash hash() {
        return Blake2b.hashOf(CODEC, this);
    }

    public static final Codec<MacroHeader> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, MacroHeader h) {
            out.u8(h.network).varint(h.version).varint(h.blockNumber).varint(h.timestamp);
            out.raw(h.parentHash.unsafeBytes()).raw(h.parentElectionHash.unsafeBytes());
            out.raw(h.historyRoot.unsafeBytes()).raw(h.bodyRoot.unsafeBytes());
            out.bytes(h.extraData.unsafeBytes());
        }

        @Override
        public MacroHeader read(Reader in) throws DecodeException {
            int network = in.u8("MacroHeader.network");
            int version = in.u16("MacroHeader.version");
            long number = in.u32("MacroHeader.blockNumber");
            long timestamp = in.varint("MacroHeader.timestamp");
            Hash parent = Hash.read(in, "MacroHeader.parentHash");
            Hash parentElection = Hash.read(in, "MacroHeader.parentElectionHash");
            Hash historyRoot = Hash.read(in, "MacroHeader.historyRoot");
            Hash bodyRoot = Hash.read(in, "MacroHeader.bodyRoot");
            byte[] extra = in.bytes("MacroHeader.extraData", Limits.MAX_EXTRA_DATA);
            return new MacroHeader(
                    network,
                    version,
                    number,
                    timestamp,
                    parent,
                    parentElection,
                    historyRoot,
                    bodyRoot,
                    ByteString.wrap(extra));
        }
    };
}
