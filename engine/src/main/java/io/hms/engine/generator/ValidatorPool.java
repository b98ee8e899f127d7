package io.hms.engine.generator;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The validator keys of a generated chain: a pool of {@code 2 × validators} keys drawn from {@code
 * new Random(seed)}, from which every election picks a new set with new slot weights. Keys depend
 * only on the base seed, so a fork (another seed from epoch k on) is signed by the same pool.
 */
final class ValidatorPool {
    private final List<SigningKey> keys;
    private final int perEpoch;
    private final Policy policy;

    ValidatorPool(long seed, int perEpoch, Policy policy) {
        Random random = new Random(seed);
        this.keys = new ArrayList<>(2 * perEpoch);
        for (int i = 0; i < 2 * perEpoch; i++) {
            keys.add(SigningKey.generate(random));
        }
        this.perEpoch = perEpoch;
        this.policy = policy;
    }

    /** A set of {@code validators} distinct pool keys in random order with random slot weights. */
    Elected elect(RandomGenerator rng) {
        int[] order = new int[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] weights = SlotWeights.draw(rng, policy.slots(), perEpoch);
        List<Validator> validators = new ArrayList<>(perEpoch);
        List<SigningKey> signing = new ArrayList<>(perEpoch);
        for (int i = 0; i < perEpoch; i++) {
            SigningKey key = keys.get(order[i]);
            validators.add(new Validator(key.publicKey(), weights[i]));
            signing.add(key);
        }
        return new Elected(new ValidatorSet(validators), List.copyOf(signing));
    }

    /** A validator set with the signing keys in validator-index order. */
    record Elected(ValidatorSet set, List<SigningKey> keys) {

        /**
         * Signs {@code blockHash} by a random subset holding at least {@code ⌈2·slots/3⌉} slots:
         * validators join in random order until the threshold is met, then each other validator joins
         * with probability ½, so justifications vary in size like real ones.
         */
        Justification justify(
                RandomGenerator rng, int network, Hash blockHash, Policy policy, JustificationSigner signer) {
            int n = set.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            boolean[] chosen = new boolean[n];
            int slots = 0;
            for (int index : order) {
                if (slots < policy.twoFPlusOne()) {
                    chosen[index] = true;
                    slots += set.get(index).slots();
                } else {
                    chosen[index] = rng.nextBoolean();
                }
            }
            int[] signers = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    signers[count++] = i;
                }
            }
            return signer.sign(network, blockHash, keys, Arrays.copyOf(signers, count));
        }
    }
}
