package io.hms.protocol.model;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/**
 * One leaf of an epoch's history tree: something that happened in the (micro or macro) block
 * {@code blockNumber} at {@code blockTime} (ms). The leaf hash covers this record's encoding.
 */
public record HistoricTransaction(long blockNumber, long blockTime, HistoricData data) {
    public HistoricTransaction {
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number out of range: " + blockNumber);
        }
    }

    /** The transaction hash: BLAKE2b-256 of the canonical encoding. */
    public Hash hash() {
        return Blake2b.hashOf(CODEC, this);
    }

    /** Fee paid, 0 for everything but transfers. */
    public long fee() {
        return data instanceof Transfer t ? t.fee() : 0;
    }

    public static final Codec<HistoricTransaction> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, HistoricTransaction tx) {
            out.varint(tx.blockNumber).varint(tx.blockTime);
            HistoricData d = tx.data;
            if (d instanceof Transfer t) {
                out.varint(0).u8(t.networkId());
                out.raw(t.sender().unsafeBytes()).raw(t.recipient().unsafeBytes());
                out.varint(t.value()).varint(t.fee()).varint(t.validityStartHeight());
                out.bytes(t.data().unsafeBytes()).raw(t.signature().unsafeBytes());
            } else if (d instanceof BatchReward r) {
                out.varint(1)
                        .raw(r.validator().unsafeBytes())
                        .raw(r.rewardAddress().unsafeBytes());
                out.varint(r.value());
            } else if (d instanceof Penalty p) {
                out.varint(2).raw(p.validator().unsafeBytes()).varint(p.offenseBlock());
            } else if (d instanceof Jail j) {
                out.varint(3).raw(j.validator().unsafeBytes()).varint(j.offenseBlock());
            } else {
                throw new IllegalStateException("unknown historic data " + d);
            }
        }

        @Override
        public HistoricTransaction read(Reader in) throws DecodeException {
            long number = in.u32("HistoricTransaction.blockNumber");
            long time = in.varint("HistoricTransaction.blockTime");
            long kind = in.varint("HistoricTransaction.kind");
            HistoricData data;
            if (kind == 0) {
                int network = in.u8("Transfer.networkId");
                PublicKey sender = PublicKey.read(in, "Transfer.sender");
                PublicKey recipient = PublicKey.read(in, "Transfer.recipient");
                long value = in.varint("Transfer.value");
                long fee = in.varint("Transfer.fee");
                long validity = in.u32("Transfer.validityStartHeight");
                byte[] bytes = in.bytes("Transfer.data", Limits.MAX_TX_DATA);
                Signature sig = Signature.read(in, "Transfer.signature");
                data = new Transfer(network, sender, recipient, value, fee, validity, ByteString.wrap(bytes), sig);
            } else if (kind == 1) {
                PublicKey validator = PublicKey.read(in, "BatchReward.validator");
                PublicKey rewardAddress = PublicKey.read(in, "BatchReward.rewardAddress");
                data = new BatchReward(validator, rewardAddress, in.varint("BatchReward.value"));
            } else if (kind == 2) {
                PublicKey validator = PublicKey.read(in, "Penalty.validator");
                data = new Penalty(validator, in.u32("Penalty.offenseBlock"));
            } else if (kind == 3) {
                PublicKey validator = PublicKey.read(in, "Jail.validator");
                data = new Jail(validator, in.u32("Jail.offenseBlock"));
            } else {
                throw new DecodeException("HistoricTransaction.kind", "unknown variant " + Long.toUnsignedString(kind));
            }
            return new HistoricTransaction(number, time, data);
        }
    };
}
