package io.hms.verifier.testing;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A validator set with its private keys; slots are spread as evenly as possible over {@code slots}. */
public final class TestValidators {
    private final List<SigningKey> keys;
    private final ValidatorSet set;

    private TestValidators(List<SigningKey> keys, ValidatorSet set) {
        this.keys = List.copyOf(keys);
        this.set = set;
    }

    public static TestValidators create(int count, int slots, Random rnd) {
        List<SigningKey> keys = new ArrayList<>();
        List<Validator> validators = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SigningKey key = SigningKey.generate(rnd);
            keys.add(key);
            validators.add(new Validator(key.publicKey(), slots / count + (i < slots % count ? 1 : 0)));
        }
        return new TestValidators(keys, new ValidatorSet(validators));
    }

    public List<SigningKey> keys() {
        return keys;
    }

    public ValidatorSet set() {
        return set;
    }

    public int size() {
        return keys.size();
    }

    /** Indices {@code 0 … size−1}. */
    public int[] all() {
        int[] out = new int[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }

    /** The smallest prefix {@code 0 … k−1} of validators that holds at least {@code slots} slots. */
    public int[] prefixHolding(int slots) {
        int sum = 0;
        int k = 0;
        while (sum < slots && k < keys.size()) {
            sum += set.get(k++).slots();
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = i;
        }
        return out;
    }

    public Justification sign(int network, Hash blockHash, int[] signers) {
        return JustificationVerifier.sign(network, blockHash, keys, signers);
    }

    public Justification signAll(int network, Hash blockHash) {
        return sign(network, blockHash, all());
    }
}
