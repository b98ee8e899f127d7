package io.hms.engine.store;

import io.hms.protocol.model.HistoricTransaction;
import java.util.List;

/** Leaves from a caller's list, encoded one at a time. */
final class ListLeafSource implements LeafSource {
    private final long firstLeaf;
    private final List<HistoricTransaction> items;
    private int position = -1;
    private byte[] current;

    ListLeafSource(long firstLeaf, List<HistoricTransaction> items) {
        this.firstLeaf = firstLeaf;
        this.items = items;
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
        current = HistoricTransaction.CODEC.encode(items.get(position));
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
    public void close() {}
}
