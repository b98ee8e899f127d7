package io.hms.verifier.crypto;

import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An Ed25519 private key (RFC 8032, BouncyCastle) for validators and test chain producers. The
 * verifier never needs one; it lives here so producers and tests sign exactly as the verifier
 * checks. Thread-safe.
 */
public final class SigningKey {
    public static final int SEED_LENGTH = 32;

    private final Ed25519PrivateKeyParameters key;
    private final PublicKey publicKey;

    private SigningKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = PublicKey.of(key.generatePublicKey().getEncoded());
    }

    /** The key whose RFC 8032 secret is {@code seed32}. */
    public static SigningKey fromSeed(byte[] seed32) {
        if (seed32.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed32.length);
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(seed32, 0));
    }

    /** A key drawn from {@code rnd}: the same generator state always gives the same key (tests). */
    public static SigningKey generate(Random rnd) {
        byte[] seed = new byte[SEED_LENGTH];
        rnd.nextBytes(seed);
        return fromSeed(seed);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Signature sign(byte[] message) {
        byte[] sig = new byte[Signature.LENGTH];
        key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
        return Signature.of(sig);
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey.shortHex() + "…]";
    }
}
