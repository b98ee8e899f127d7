package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.verifier.mmr.LeafHashes;
import io.hms.verifier.mmr.LeafNodes;
import java.util.Arrays;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Streams the items staged for one block out of the staging column family in leaf order. The run
 * must be consecutive: a missing leaf ends it and is reported as a {@link #defect()}. Each staged
 * value is the item's leaf hash and transaction hash, the MMR nodes chunk verification computed for
 * its append ({@link LeafNodes}: a count byte, then the nodes and their seal), then its encoding
 * ({@link #stagedValue}), so staged batch sets are not hashed again on the store thread either.
 */
final class StagedLeafSource implements LeafSource {
    /** Bytes in front of a staged item's encoding: its leaf hash and its transaction hash. */
    private static final int HASHES = 2 * Hash.LENGTH;

    private final org.rocksdb.Slice upperBound;
    private final ReadOptions readOptions;
    private final RocksIterator iterator;
    private final byte[] prefix;
    private final long firstLeaf;
    private long expected;
    private boolean started;
    private byte[] value;
    private LeafNodes nodes;
    private byte[] current;
    private String defect;

    /** Positions at the block's first staged leaf; {@code emptyFirstLeaf} applies if none is staged. */
    StagedLeafSource(Column<StagingKey, byte[]> staging, Hash blockHash, long emptyFirstLeaf) throws StoreException {
        upperBound = new org.rocksdb.Slice(StagingKey.endOf(blockHash));
        readOptions = new ReadOptions().setIterateUpperBound(upperBound);
        iterator = staging.iterator(readOptions);
        prefix = blockHash.toByteArray();
        iterator.seek(StagingKey.CODEC.encode(new StagingKey(blockHash, 0)));
        try {
            firstLeaf = ownKey() ? Bytes.readBe64(iterator.key(), Hash.LENGTH) : emptyFirstLeaf;
        } catch (StoreException e) {
            close();
            throw e;
        }
        expected = firstLeaf;
    }

    private boolean ownKey() throws StoreException {
        if (!iterator.isValid()) {
            try {
                iterator.status();
            } catch (org.rocksdb.RocksDBException e) {
                throw RocksFailures.map(e, "reading staged history");
            }
            return false;
        }
        byte[] key = iterator.key();
        return key.length == Hash.LENGTH + 8 && Arrays.equals(key, 0, Hash.LENGTH, prefix, 0, Hash.LENGTH);
    }

    @Override
    public long firstLeaf() {
        return firstLeaf;
    }

    @Override
    public boolean next() throws StoreException {
        if (started) {
            iterator.next();
        }
        started = true;
        if (defect != null || !ownKey()) {
            return false;
        }
        long leaf = Bytes.readBe64(iterator.key(), Hash.LENGTH);
        if (leaf != expected) {
            defect = "staged leaves jump from " + (expected - 1) + " to " + leaf;
            return false;
        }
        expected++;
        value = iterator.value();
        try {
            nodes = LeafNodes.readFrom(value, HASHES);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.CORRUPTED, "staged leaf " + leaf + ": " + e.getMessage());
        }
        int encodingAt = HASHES + nodes.serializedSize();
        if (value.length <= encodingAt) {
            throw new StoreException(StoreException.Kind.CORRUPTED, "staged leaf " + leaf + " is too short");
        }
        current = Arrays.copyOfRange(value, encodingAt, value.length);
        return true;
    }

    @Override
    public byte[] encoded() {
        return current;
    }

    @Override
    public long blockNumber() throws StoreException {
        return LeafSource.blockNumberOf(current);
    }

    @Override
    public Hash leafHash() {
        return Hash.wrap(Arrays.copyOfRange(value, 0, Hash.LENGTH));
    }

    @Override
    public Hash txHash() {
        return Hash.wrap(Arrays.copyOfRange(value, Hash.LENGTH, HASHES));
    }

    @Override
    public LeafNodes nodes() {
        return nodes;
    }

    /** The staged value of leaf {@code i} of {@code hashes}: its two hashes, its nodes, then {@code encoded}. */
    static byte[] stagedValue(LeafHashes hashes, int i, byte[] encoded) {
        LeafNodes leafNodes = hashes.nodes(i);
        byte[] out = new byte[HASHES + leafNodes.serializedSize() + encoded.length];
        hashes.copyLeaf(i, out, 0);
        int at = leafNodes.writeTo(out, HASHES);
        System.arraycopy(encoded, 0, out, at, encoded.length);
        return out;
    }

    @Override
    public Optional<String> defect() {
        return Optional.ofNullable(defect);
    }

    @Override
    public void close() {
        iterator.close();
        readOptions.close();
        upperBound.close();
    }
}
