package io.hms.engine.generator;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The root of one epoch's history tree (SPEC §3.1–3.3), kept as the MMR's peaks only. The
 * generator needs just the root after every batch; holding the peaks (at most 64) instead of every
 * node lets it produce epochs of millions of transactions in constant memory. Tests cross-check it
 * against the verifier's full {@code HistoryTree}.
 */
final class HistoryRootAccumulator {
    private final List<Hash> peakHashes = new ArrayList<>();
    private final List<Long> peakLeaves = new ArrayList<>();
    private final Writer scratch = new Writer(512);
    private long size;

    /** Number of leaves appended so far. */
    long size() {
        return size;
    }

    void append(HistoricTransaction tx) {
        scratch.reset();
        scratch.be64(1);
        HistoricTransaction.CODEC.write(scratch, tx);
        Hash hash = Blake2b.hash(scratch.buffer(), 0, scratch.size());
        long leaves = 1;
        int top = peakHashes.size() - 1;
        while (top >= 0 && peakLeaves.get(top) == leaves) {
            hash = node(2 * leaves, peakHashes.get(top), hash);
            leaves *= 2;
            peakHashes.remove(top);
            peakLeaves.remove(top);
            top--;
        }
        peakHashes.add(hash);
        peakLeaves.add(leaves);
        size++;
    }

    /** Bagging of the peaks right to left; {@code H(be64(0))} for the empty tree. */
    Hash root() {
        if (peakHashes.isEmpty()) {
            return emptyRoot();
        }
        int last = peakHashes.size() - 1;
        Hash acc = peakHashes.get(last);
        long accLeaves = peakLeaves.get(last);
        for (int i = last - 1; i >= 0; i--) {
            accLeaves += peakLeaves.get(i);
            acc = node(accLeaves, peakHashes.get(i), acc);
        }
        return acc;
    }

    static Hash emptyRoot() {
        return Blake2b.hash(new Writer(8).be64(0).toByteArray());
    }

    private Hash node(long prefix, Hash left, Hash right) {
        scratch.reset();
        scratch.be64(prefix).raw(left.unsafeBytes()).raw(right.unsafeBytes());
        return Blake2b.hash(scratch.buffer(), 0, scratch.size());
    }
}
