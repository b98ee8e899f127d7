package io.hms.verifier.crypto;

import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 signature verification (RFC 8032) with BouncyCastle, about eight times faster than the
 * JDK's provider. Validators sign block after block with the same keys, so each key is decoded and
 * validated once and the decoded point cached. A key that is not a point of the prime-order
 * subgroup (never the case for a key derived from a seed) is treated as invalid. Keys and
 * signatures come from peers, so nothing here throws: a malformed input is simply invalid.
 * Thread-safe.
 */
public final class Ed25519 {
    /** Enough for several validator sets; the cache is emptied when it grows beyond this. */
    private static final int MAX_CACHED_KEYS = 4096;

    private static final Object INVALID_KEY = new Object();
    private static final ConcurrentHashMap<PublicKey, Object> POINTS = new ConcurrentHashMap<>();

    private Ed25519() {}

    public static boolean verify(PublicKey key, byte[] message, Signature sig) {
        try {
            Object point = POINTS.get(key);
            if (point == null) {
                point = decode(key);
            }
            if (point == INVALID_KEY) {
                return false;
            }
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                    sig.unsafeBytes(),
                    0,
                    (org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint) point,
                    message,
                    0,
                    message.length);
        } catch (RuntimeException e) {
            // BouncyCastle reports some malformed encodings by throwing; for us they are just invalid
            return false;
        }
    }

    private static Object decode(PublicKey key) {
        Object point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(key.unsafeBytes(), 0);
        if (point == null) {
            point = INVALID_KEY;
        }
        if (POINTS.size() >= MAX_CACHED_KEYS) {
            POINTS.clear();
        }
        POINTS.put(key, point);
        return point;
    }
}
