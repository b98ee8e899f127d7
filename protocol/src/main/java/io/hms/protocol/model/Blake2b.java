package io.hms.protocol.model;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.Writer;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * BLAKE2b-256 (BouncyCastle). The hash of a value is the hash of its canonical encoding. Digest
 * instances are kept per thread so hot paths do not allocate one per hash.
 */
public final class Blake2b {
    private static final ThreadLocal<Blake2bDigest> DIGEST = ThreadLocal.withInitial(() -> new Blake2bDigest(256));
    private static final ThreadLocal<Writer> SCRATCH = ThreadLocal.withInitial(() -> new Writer(512));

    private Blake2b() {}

    public static Hash hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static Hash hash(byte[] data, int offset, int length) {
        Blake2bDigest d = DIGEST.get();
        d.reset();
        d.update(data, offset, length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return Hash.wrap(out);
    }

    /** Hash of the canonical encoding of {@code value}, without copying the encoding. */
    public static <T> Hash hashOf(Codec<T> codec, T value) {
        Writer w = SCRATCH.get();
        w.reset();
        codec.write(w, value);
        return hash(w.buffer(), 0, w.size());
    }
}
