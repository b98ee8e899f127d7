package io.hms.verifier.crypto;

/**
 * One-shot BLAKE2b-256 (RFC 7693, unkeyed) over a byte range, for the history tree's hot path.
 * BouncyCastle's digest keeps its working state in arrays and copies input through an internal
 * buffer; this version keeps the 16 working words in locals and reads the message words straight
 * from the input, which roughly halves the cost of the short inputs the tree hashes (72-byte node
 * merges, 100–300-byte leaves). Known-answer and differential tests against BouncyCastle guard it.
 * An instance holds scratch space and is not thread-safe: use one per thread.
 */
public final class Blake2b256 {
  public static final int LENGTH = 32;
  private static final int BLOCK = 128;
  private static final long IV0 = 0x6a09e667f3bcc908L;
  private static final long IV1 = 0xbb67ae8584caa73bL;
  private static final long IV2 = 0x3c6ef372fe94f82bL;
  private static final long IV3 = 0xa54ff53a5f1d36f1L;
  private static final long IV4 = 0x510e527fade682d1L;
  private static final long IV5 = 0x9b05688c2b3e6c1fL;
  private static final long IV6 = 0x1f83d9abfb41bd6bL;
  private static final long IV7 = 0x5be0cd19137e2179L;
  private static final byte[][] SIGMA = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}
  };

  private final long[] h = new long[8];
  private final long[] m = new long[16];
  private final byte[] pad = new byte[BLOCK];

  /** The hash of {@code in[off, off+len)}, written to {@code out[outOff, outOff+32)}. */
  public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
    h[0] = IV0 ^ 0x01010000L ^ LENGTH;
    h[1] = IV1;
    h[2] = IV2;
    h[3] = IV3;
    h[4] = IV4;
    h[5] = IV5;
    h[6] = IV6;
    h[7] = IV7;
    long counter = 0;
    int pos = off;
    int remaining = len;
    while (remaining > BLOCK) {
      load(in, pos, BLOCK);
      counter += BLOCK;
      compress(counter, false);
      pos += BLOCK;
      remaining -= BLOCK;
    }
    load(in, pos, remaining);
    counter += remaining;
    compress(counter, true);
    putLe64(out, outOff, h[0]);
    putLe64(out, outOff + 8, h[1]);
    putLe64(out, outOff + 16, h[2]);
    putLe64(out, outOff + 24, h[3]);
  }

  /** Convenience form that allocates the 32-byte result. */
  public byte[] hash(byte[] in, int off, int len) {
    byte[] out = new byte[LENGTH];
    hash(in, off, len, out, 0);
    return out;
  }

  /**
   * Loads one block of little-endian message words; a short last block is zero-padded through
   * {@link #pad}. Plain byte arithmetic on purpose: on JDK 17.0.15 a variant that read the words
   * through a byte-array-view {@code VarHandle} in a loop was miscompiled by C2 after warm-up and
   * produced wrong hashes (caught by the differential tests).
   */
  private void load(byte[] in, int pos, int n) {
    byte[] src = in;
    int p = pos;
    if (n < BLOCK) {
      System.arraycopy(in, pos, pad, 0, n);
      java.util.Arrays.fill(pad, n, BLOCK, (byte) 0);
      src = pad;
      p = 0;
    }
    long[] w = m;
    for (int i = 0; i < 16; i++) {
      w[i] = le64(src, p + 8 * i);
    }
  }

  private static long le64(byte[] b, int p) {
    return (b[p] & 0xFFL)
        | (b[p + 1] & 0xFFL) << 8
        | (b[p + 2] & 0xFFL) << 16
        | (b[p + 3] & 0xFFL) << 24
        | (b[p + 4] & 0xFFL) << 32
        | (b[p + 5] & 0xFFL) << 40
        | (b[p + 6] & 0xFFL) << 48
        | (b[p + 7] & 0xFFL) << 56;
  }

  private static void putLe64(byte[] b, int p, long v) {
    for (int i = 0; i < 8; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  private void compress(long counter, boolean last) {
    long[] m = this.m;
    long v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
    long v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
    long v12 = IV4 ^ counter;
    long v13 = IV5; // the high counter word stays 0: inputs are far below 2^64 bytes
    long v14 = last ? ~IV6 : IV6;
    long v15 = IV7;
    for (int r = 0; r < 12; r++) {
      byte[] s = SIGMA[r];
      v0 += v4 + m[s[0]]; v12 = Long.rotateRight(v12 ^ v0, 32);
      v8 += v12; v4 = Long.rotateRight(v4 ^ v8, 24);
      v0 += v4 + m[s[1]]; v12 = Long.rotateRight(v12 ^ v0, 16);
      v8 += v12; v4 = Long.rotateRight(v4 ^ v8, 63);
      v1 += v5 + m[s[2]]; v13 = Long.rotateRight(v13 ^ v1, 32);
      v9 += v13; v5 = Long.rotateRight(v5 ^ v9, 24);
      v1 += v5 + m[s[3]]; v13 = Long.rotateRight(v13 ^ v1, 16);
      v9 += v13; v5 = Long.rotateRight(v5 ^ v9, 63);
      v2 += v6 + m[s[4]]; v14 = Long.rotateRight(v14 ^ v2, 32);
      v10 += v14; v6 = Long.rotateRight(v6 ^ v10, 24);
      v2 += v6 + m[s[5]]; v14 = Long.rotateRight(v14 ^ v2, 16);
      v10 += v14; v6 = Long.rotateRight(v6 ^ v10, 63);
      v3 += v7 + m[s[6]]; v15 = Long.rotateRight(v15 ^ v3, 32);
      v11 += v15; v7 = Long.rotateRight(v7 ^ v11, 24);
      v3 += v7 + m[s[7]]; v15 = Long.rotateRight(v15 ^ v3, 16);
      v11 += v15; v7 = Long.rotateRight(v7 ^ v11, 63);
      v0 += v5 + m[s[8]]; v15 = Long.rotateRight(v15 ^ v0, 32);
      v10 += v15; v5 = Long.rotateRight(v5 ^ v10, 24);
      v0 += v5 + m[s[9]]; v15 = Long.rotateRight(v15 ^ v0, 16);
      v10 += v15; v5 = Long.rotateRight(v5 ^ v10, 63);
      v1 += v6 + m[s[10]]; v12 = Long.rotateRight(v12 ^ v1, 32);
      v11 += v12; v6 = Long.rotateRight(v6 ^ v11, 24);
      v1 += v6 + m[s[11]]; v12 = Long.rotateRight(v12 ^ v1, 16);
      v11 += v12; v6 = Long.rotateRight(v6 ^ v11, 63);
      v2 += v7 + m[s[12]]; v13 = Long.rotateRight(v13 ^ v2, 32);
      v8 += v13; v7 = Long.rotateRight(v7 ^ v8, 24);
      v2 += v7 + m[s[13]]; v13 = Long.rotateRight(v13 ^ v2, 16);
      v8 += v13; v7 = Long.rotateRight(v7 ^ v8, 63);
      v3 += v4 + m[s[14]]; v14 = Long.rotateRight(v14 ^ v3, 32);
      v9 += v14; v4 = Long.rotateRight(v4 ^ v9, 24);
      v3 += v4 + m[s[15]]; v14 = Long.rotateRight(v14 ^ v3, 16);
      v9 += v14; v4 = Long.rotateRight(v4 ^ v9, 63);
    }
    h[0] ^= v0 ^ v8;
    h[1] ^= v1 ^ v9;
    h[2] ^= v2 ^ v10;
    h[3] ^= v3 ^ v11;
    h[4] ^= v4 ^ v12;
    h[5] ^= v5 ^ v13;
    h[6] ^= v6 ^ v14;
    h[7] ^= v7 ^ v15;
  }
}
