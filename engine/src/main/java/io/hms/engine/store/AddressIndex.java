package io.hms.engine.store;

import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The address index (docs/STORE.md, "Address index"): every stored leaf under each address it
 * involves — a transfer's sender and recipient, a reward's validator and reward address, a
 * penalty's or jail's validator — keyed {@link AddressKey} (newest first) with an empty value.
 * Written in the push's own {@link WriteBatch}, so it is always exactly as complete as the
 * history; deleted with the leaves by the prune sweep.
 */
final class AddressIndex {
    /** The version of the index this code writes, recorded under {@link #MARKER_KEY} in the meta column. */
    static final long VERSION = 1;

    static final String MARKER_KEY = "index.address";

    private static final byte[] EMPTY = new byte[0];

    private AddressIndex() {}

    /** Adds the index entries of the leaf {@code epoch/leaf} whose canonical encoding is {@code encoded}. */
    static void add(StoreColumns cols, WriteBatch batch, long epoch, long leaf, byte[] encoded) throws StoreException {
        byte[][] addresses = addressesOf(encoded);
        cols.addressIndex.putRaw(batch, AddressKey.encode(addresses[0], epoch, leaf), EMPTY);
        if (addresses.length > 1 && !Arrays.equals(addresses[0], addresses[1])) {
            cols.addressIndex.putRaw(batch, AddressKey.encode(addresses[1], epoch, leaf), EMPTY);
        }
    }

    /** Deletes what {@link #add} wrote for the leaf. */
    static void delete(StoreColumns cols, WriteBatch batch, long epoch, long leaf, byte[] encoded)
            throws StoreException {
        for (byte[] address : addressesOf(encoded)) {
            cols.addressIndex.delete(batch, new AddressKey(PublicKey.of(address), epoch, leaf));
        }
    }

    /**
     * The addresses a leaf involves, read from its encoding without decoding the rest (SPEC's
     * HistoricTransaction layout: block number, time, kind, then the kind's keys first).
     */
    static byte[][] addressesOf(byte[] encoded) throws StoreException {
        try {
            Reader in = new Reader(encoded);
            in.u32("blockNumber");
            in.varint("blockTime");
            long kind = in.varint("kind");
            if (kind == 0) {
                in.u8("networkId");
                return new byte[][] {in.raw(PublicKey.LENGTH, "sender"), in.raw(PublicKey.LENGTH, "recipient")};
            }
            if (kind == 1) {
                return new byte[][] {in.raw(PublicKey.LENGTH, "validator"), in.raw(PublicKey.LENGTH, "rewardAddress")};
            }
            if (kind == 2 || kind == 3) {
                return new byte[][] {in.raw(PublicKey.LENGTH, "validator")};
            }
            throw new DecodeException("HistoricTransaction.kind", "unknown kind " + kind);
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("a history item's addresses", e);
        }
    }

    /**
     * Up to {@code max} transactions involving {@code address}, newest first, strictly older than
     * {@code olderThan} if given; stops at the pruning horizon.
     */
    static List<IndexedTransaction> page(
            StoreColumns cols, ChainState state, PublicKey address, Optional<TxLocation> olderThan, int max)
            throws StoreException {
        byte[] prefix = address.unsafeBytes();
        byte[] start = olderThan.isPresent()
                ? AddressKey.encode(
                        prefix, olderThan.get().epoch(), olderThan.get().leafIndex())
                : AddressKey.encode(prefix, -1L, -1L);
        List<IndexedTransaction> out = new ArrayList<>();
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            for (it.seek(start); it.isValid() && out.size() < max; it.next()) {
                byte[] key = it.key();
                if (!AddressKey.belongsTo(key, prefix)) {
                    break;
                }
                if (olderThan.isPresent() && Arrays.equals(key, start)) {
                    continue;
                }
                AddressKey at = AddressKey.CODEC.decode(key);
                if (at.epoch() < state.heads().firstHistoryEpoch()) {
                    break;
                }
                out.add(leaf(cols, at));
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "reading the address index of " + address.shortHex());
        }
        return out;
    }

    private static IndexedTransaction leaf(StoreColumns cols, AddressKey at) throws StoreException {
        EpochKey key = new EpochKey(at.epoch(), at.leaf());
        byte[] bytes = cols.history
                .get(key)
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.CORRUPTED, "the address index names leaf " + key + ", which is missing"));
        try {
            HistoricTransaction tx = HistoricTransaction.CODEC.decode(bytes);
            return new IndexedTransaction(new TxLocation(at.epoch(), at.leaf(), tx.blockNumber()), tx);
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("leaf " + key, e);
        }
    }
}
