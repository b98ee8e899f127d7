package io.hms.verifier.mmr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * A keyed checksum that ties the MMR nodes chunk verification computed for one leaf to that leaf's
 * position and hash, so the store can write them without hashing them again and still notice a node
 * that is not the one the verifier computed (changed on the way, attached to another leaf, or
 * corrupted in staging).
 *
 * <p>It is a polynomial hash over 32-bit words modulo the prime {@code p = 2^61 − 1}, evaluated at
 * a secret point drawn once per process: for two different inputs of at most {@code L} words the
 * seals agree for at most {@code L} of the {@code p} possible keys, so a change made without the key
 * passes with probability below {@code L / 2^61} (about {@code 2^-52} for a leaf's 64 nodes). It costs
 * a multiplication per word, against a BLAKE2b compression per node for recomputing. The key never
 * leaves the process: seals are not valid in another JVM, so nodes are never serialized with them.
 */
final class NodeSeal {
    private static final long P = (1L << 61) - 1;
    private static final long KEY = drawKey();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NodeSeal() {}

    private static long drawKey() {
        SecureRandom random = new SecureRandom();
        long key;
        do {
            key = random.nextLong() & P;
        } while (key < (1L << 32) || key == P);
        return key;
    }

    /**
     * The seal of {@code count} nodes ({@code 32·count} bytes of {@code nodes} from {@code offset})
     * created by appending leaf {@code leaf}, whose leaf hash is the 32 bytes of {@code leafHash} from
     * {@code leafHashOffset}.
     */
    static long of(long leaf, byte[] leafHash, int leafHashOffset, byte[] nodes, int offset, int count) {
        long acc = 1;
        acc = step(step(acc, leaf >>> 32), leaf & 0xFFFFFFFFL);
        acc = step(acc, count);
        acc = words(acc, leafHash, leafHashOffset, 4);
        return words(acc, nodes, offset, 4 * count);
    }

    private static long words(long acc, byte[] bytes, int offset, int longs) {
        long a = acc;
        for (int i = 0; i < longs; i++) {
            long w = (long) LONGS.get(bytes, offset + 8 * i);
            a = step(step(a, w >>> 32), w & 0xFFFFFFFFL);
        }
        return a;
    }

    /** {@code (acc · KEY + word) mod p} for {@code acc < p} and {@code word < 2^32}. */
    private static long step(long acc, long word) {
        long hi = Math.multiplyHigh(acc, KEY);
        long lo = acc * KEY;
        long sum = (lo & P) + ((lo >>> 61) | (hi << 3));
        sum = (sum & P) + (sum >>> 61);
        sum += word;
        sum = (sum & P) + (sum >>> 61);
        return sum >= P ? sum - P : sum;
    }
}
