package io.hms.verifier.mmr;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import java.nio.ByteBuffer;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * An independent, deliberately naive history root (SPEC §3.1, §3.3): recursive perfect trees over
 * the binary decomposition of the leaf count, bagged right to left, hashing with a fresh digest
 * and the codec's plain {@code encode}. Shares no code with the production tree.
 */
final class NaiveMmr {
    private NaiveMmr() {}

    static byte[] h(long prefix, byte[]... parts) {
        Blake2bDigest d = new Blake2bDigest(256);
        d.update(ByteBuffer.allocate(8).putLong(prefix).array(), 0, 8);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] leaf(HistoricTransaction tx) {
        return h(1, HistoricTransaction.CODEC.encode(tx));
    }

    /** Root of the perfect tree over {@code txs[from, from+count)} ({@code count} a power of two). */
    static byte[] perfect(List<HistoricTransaction> txs, int from, int count) {
        if (count == 1) {
            return leaf(txs.get(from));
        }
        int half = count / 2;
        return h(count, perfect(txs, from, half), perfect(txs, from + half, half));
    }

    static Hash root(List<HistoricTransaction> txs) {
        int n = txs.size();
        if (n == 0) {
            return Hash.wrap(h(0));
        }
        return Hash.wrap(bag(txs, 0, n));
    }

    /** Bagging of the peaks covering {@code txs[from, n)}: the largest power of two first. */
    private static byte[] bag(List<HistoricTransaction> txs, int from, int n) {
        int remaining = n - from;
        int peak = Integer.highestOneBit(remaining);
        byte[] left = perfect(txs, from, peak);
        if (peak == remaining) {
            return left;
        }
        return h(remaining, left, bag(txs, from + peak, n));
    }
}
