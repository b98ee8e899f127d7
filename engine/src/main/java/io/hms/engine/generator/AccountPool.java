package io.hms.engine.generator;

import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.PublicKey;
import io.hms.verifier.crypto.SigningKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The accounts a generated chain's transfers and rewards move between ({@link
 * GeneratorOptions#accounts}). Up to {@link GeneratorOptions#DEFAULT_ACCOUNTS} accounts, or when
 * transfers are signed, each is an Ed25519 key drawn from the seed (the keys every chain had before
 * the pool size became an option, so those chains stay byte-identical). A larger pool of unsigned
 * transfers would spend about 50 µs per key on keys nobody signs with; its addresses are instead
 * {@code BLAKE2b-256(seed ^ salt ‖ account number)}: deterministic, distinct, and computed on use,
 * so a pool of millions costs no memory. Such an address is not necessarily a valid curve point;
 * hms never checks transfer signatures or keys (SPEC §0).
 */
abstract sealed class AccountPool {
    private static final long ACCOUNT_SALT = 0x6163636f756e7473L; // "accounts"

    static AccountPool of(GeneratorOptions options) {
        if (options.signTransfers() || options.accounts() <= GeneratorOptions.DEFAULT_ACCOUNTS) {
            return new Keys(options.seed() ^ ACCOUNT_SALT, options.accounts());
        }
        return new Hashed(options.seed() ^ ACCOUNT_SALT, options.accounts());
    }

    /** The number of accounts. */
    abstract int size();

    /** The address of account {@code i} ({@code 0 ≤ i < size()}). */
    abstract PublicKey address(int i);

    /** The key of account {@code i}; only a pool of keys has one. */
    abstract SigningKey key(int i);

    /** Real Ed25519 keys, drawn one after another from one {@link Random}. */
    private static final class Keys extends AccountPool {
        private final List<SigningKey> keys;

        Keys(long seed, int count) {
            Random random = new Random(seed);
            List<SigningKey> drawn = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                drawn.add(SigningKey.generate(random));
            }
            this.keys = List.copyOf(drawn);
        }

        @Override
        int size() {
            return keys.size();
        }

        @Override
        PublicKey address(int i) {
            return keys.get(i).publicKey();
        }

        @Override
        SigningKey key(int i) {
            return keys.get(i);
        }
    }

    /** Addresses hashed from the seed and the account number; no keys. */
    private static final class Hashed extends AccountPool {
        private final long seed;
        private final int count;

        Hashed(long seed, int count) {
            this.seed = seed;
            this.count = count;
        }

        @Override
        int size() {
            return count;
        }

        @Override
        PublicKey address(int i) {
            byte[] input = ByteBuffer.allocate(Long.BYTES + Integer.BYTES)
                    .putLong(seed)
                    .putInt(i)
                    .array();
            return PublicKey.of(Blake2b.hash(input).unsafeBytes());
        }

        @Override
        SigningKey key(int i) {
            throw new IllegalStateException("a pool of hashed addresses has no keys (transfers are unsigned)");
        }
    }
}
