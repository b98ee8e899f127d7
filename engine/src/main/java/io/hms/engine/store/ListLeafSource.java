package io.hms.engine.store;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.LeafHashes;
import io.hms.verifier.mmr.LeafNodes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Leaves from a caller's list, encoded one at a time into one reused buffer. Their hashes are the
 * caller's {@link LeafHashes} when given (computed from these items by the sync's verification
 * stage), else computed here from the encoding.
 */
final class ListLeafSource implements LeafSource {
    private final long firstLeaf;
    private final List<HistoricTransaction> items;
    private final Optional<LeafHashes> hashes;
    private final Writer writer = new Writer(512);
    private int position = -1;
    private byte[] current;

    ListLeafSource(long firstLeaf, List<HistoricTransaction> items, Optional<LeafHashes> hashes) {
        if (hashes.isPresent() && hashes.get().size() != items.size()) {
            throw new IllegalArgumentException(
                    hashes.get().size() + " leaf hashes for " + items.size() + " history items");
        }
        this.firstLeaf = firstLeaf;
        this.items = items;
        this.hashes = hashes;
    }

    @Override
    public long firstLeaf() {
        return firstLeaf;
    }

    @Override
    public boolean next() {
        if (position + 1 >= items.size()) {
            return false;
        }
        position++;
        writer.reset();
        HistoricTransaction.CODEC.write(writer, items.get(position));
        current = Arrays.copyOf(writer.buffer(), writer.size());
        return true;
    }

    @Override
    public byte[] encoded() {
        return current;
    }

    @Override
    public long blockNumber() {
        return items.get(position).blockNumber();
    }

    @Override
    public Hash leafHash() {
        return hashes.isPresent()
                ? hashes.get().leafHash(position)
                : HistoryTree.leafHashOfEncoded(current, 0, current.length);
    }

    @Override
    public Hash txHash() {
        return hashes.isPresent() ? hashes.get().txHash(position) : Blake2b.hash(current);
    }

    @Override
    public LeafNodes nodes() {
        return hashes.isPresent() ? hashes.get().nodes(position) : LeafNodes.NONE;
    }

    @Override
    public void close() {}
}
