package io.hms.verifier.mmr;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * BLAKE2b-256 node hashing of SPEC §3.1: {@code H(be64(prefix) ‖ …)}. One instance per thread
 * ({@link #get()}) reuses its digest, prefix buffer and encoding buffer, so hashing a leaf or a
 * node allocates only the 32-byte result.
 */
final class Blake2bMmrHasher implements MmrHasher<Hash> {
  private static final ThreadLocal<Blake2bMmrHasher> LOCAL = ThreadLocal.withInitial(Blake2bMmrHasher::new);

  /** {@code H(be64(0))}: the root of the empty tree. */
  static final Hash EMPTY_ROOT = new Blake2bMmrHasher().empty();

  private final Blake2bDigest digest = new Blake2bDigest(256);
  private final byte[] prefix = new byte[8];
  private final Writer writer = new Writer(1024);

  private Blake2bMmrHasher() {}

  /** This thread's hasher. */
  static Blake2bMmrHasher get() {
    return LOCAL.get();
  }

  @Override
  public Hash merge(long prefixValue, Hash left, Hash right) {
    updatePrefix(prefixValue);
    digest.update(left.unsafeBytes(), 0, Hash.LENGTH);
    digest.update(right.unsafeBytes(), 0, Hash.LENGTH);
    return finish();
  }

  @Override
  public Hash empty() {
    updatePrefix(0);
    return finish();
  }

  @Override
  public Hash[] newArray(int length) {
    return new Hash[length];
  }

  /** {@code H(be64(prefix) ‖ serialize(tx))}: a leaf for prefix 1, a one-leaf size proof otherwise. */
  Hash item(long prefixValue, HistoricTransaction tx) {
    writer.reset();
    writer.be64(prefixValue);
    HistoricTransaction.CODEC.write(writer, tx);
    digest.update(writer.buffer(), 0, writer.size());
    return finish();
  }

  /** {@code H(be64(prefix) ‖ encoded)} for an already encoded transaction. */
  Hash encodedItem(long prefixValue, byte[] encoded, int offset, int length) {
    updatePrefix(prefixValue);
    digest.update(encoded, offset, length);
    return finish();
  }

  private void updatePrefix(long value) {
    for (int i = 7; i >= 0; i--) {
      prefix[i] = (byte) value;
      value >>>= 8;
    }
    digest.update(prefix, 0, 8);
  }

  private Hash finish() {
    byte[] out = new byte[Hash.LENGTH];
    digest.doFinal(out, 0);
    return Hash.wrap(out);
  }
}
