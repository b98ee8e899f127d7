package io.hms.verifier.mmr;

import io.hms.protocol.model.Hash;
import java.util.Arrays;

/** A {@link NodeStore} in a growable array, for tests, tools and servers that keep a tree in memory. Not thread-safe. */
public final class InMemoryNodeStore implements NodeStore {
    private Hash[] nodes;
    private int size;

    public InMemoryNodeStore() {
        this(64);
    }

    public InMemoryNodeStore(int initialCapacity) {
        nodes = new Hash[Math.max(4, initialCapacity)];
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Hash get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("node " + index + " of " + size);
        }
        return nodes[(int) index];
    }

    @Override
    public void append(Hash node) {
        if (size == nodes.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("in-memory node store is full");
            }
            nodes = Arrays.copyOf(nodes, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * size));
        }
        nodes[size++] = java.util.Objects.requireNonNull(node, "node");
    }
}
