package io.hms.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.crypto.SigningKey;
import io.hms.verifier.testing.TestValidators;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JustificationVerifierTest {
    private static final int NETWORK = 7;
    private final Policy policy = Policy.UNIT;
    private final Random rnd = new Random(11);
    // 5 validators: 103, 103, 102, 102, 102 slots; 342 needed, so any 4 suffice and 3 do not
    private final TestValidators validators = TestValidators.create(5, 512, rnd);
    private final Hash blockHash = Blake2b.hash(new byte[] {1, 2, 3});
    private final JustificationVerifier verifier = new JustificationVerifier();

    private VerifyResult verify(Justification j) {
        return verifier.verify(NETWORK, blockHash, j, validators.set(), policy);
    }

    private static void assertFault(VerifyResult r, Fault fault) {
        assertThat(r)
                .isInstanceOfSatisfying(
                        VerifyResult.Invalid.class, i -> assertThat(i.fault()).isEqualTo(fault));
    }

    @Test
    void shouldAcceptWhenAllValidatorsSign() {
        assertThat(verify(validators.signAll(NETWORK, blockHash))).isEqualTo(VerifyResult.VALID);
    }

    @Test
    void shouldAcceptWhenSignersHoldExactlyTwoThirdsPlusOne() {
        ValidatorSet set = new ValidatorSet(List.of(
                new Validator(validators.keys().get(0).publicKey(), 342),
                new Validator(validators.keys().get(1).publicKey(), 170)));
        Justification j = JustificationVerifier.sign(NETWORK, blockHash, validators.keys(), new int[] {0});
        assertThat(verifier.verify(NETWORK, blockHash, j, set, policy)).isEqualTo(VerifyResult.VALID);
        assertThat(verify(validators.sign(NETWORK, blockHash, new int[] {0, 2, 3, 4})))
                .isEqualTo(VerifyResult.VALID);
    }

    @Test
    void shouldRejectWithInsufficientSlotsWhenSignersHoldOneSlotTooFew() {
        ValidatorSet set = new ValidatorSet(List.of(
                new Validator(validators.keys().get(0).publicKey(), 341),
                new Validator(validators.keys().get(1).publicKey(), 171)));
        Justification j = JustificationVerifier.sign(NETWORK, blockHash, validators.keys(), new int[] {0});
        assertFault(verifier.verify(NETWORK, blockHash, j, set, policy), Fault.INSUFFICIENT_SLOTS);
        assertFault(verify(validators.sign(NETWORK, blockHash, new int[] {0, 1, 2})), Fault.INSUFFICIENT_SLOTS);
        assertFault(verify(new Justification(List.of(), List.of())), Fault.INSUFFICIENT_SLOTS);
    }

    @Test
    void shouldRejectWithIndexOutOfRangeWhenSignerIsNotInSet() {
        List<SigningKey> keys = new ArrayList<>(validators.keys());
        keys.add(SigningKey.generate(rnd));
        Justification j = JustificationVerifier.sign(NETWORK, blockHash, keys, new int[] {0, 1, 2, 3, 5});
        assertFault(verify(j), Fault.SIGNER_INDEX_OUT_OF_RANGE);
    }

    @Test
    void shouldRejectWithInvalidSignatureWhenSignedForAnotherNetwork() {
        assertFault(verify(validators.signAll(NETWORK + 1, blockHash)), Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectWithInvalidSignatureWhenSignedForAnotherBlock() {
        assertFault(verify(validators.signAll(NETWORK, Blake2b.hash(new byte[] {9}))), Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectWithInvalidSignatureWhenOneSignatureIsSwappedOrGarbage() {
        Justification good = validators.signAll(NETWORK, blockHash);
        List<Signature> swapped = new ArrayList<>(good.signatures());
        swapped.set(3, good.signatures().get(4));
        swapped.set(4, good.signatures().get(3));
        VerifyResult r = verify(new Justification(good.signers(), swapped));
        assertFault(r, Fault.INVALID_SIGNATURE);
        assertThat(((VerifyResult.Invalid) r).detail()).contains("validator 3");
        List<Signature> garbage = new ArrayList<>(good.signatures());
        garbage.set(4, Signature.of(new byte[64]));
        assertFault(verify(new Justification(good.signers(), garbage)), Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectWithInvalidSignatureWhenSetHoldsAnotherKey() {
        TestValidators others = TestValidators.create(5, 512, rnd);
        assertFault(
                verifier.verify(NETWORK, blockHash, validators.signAll(NETWORK, blockHash), others.set(), policy),
                Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldUsePolicySlotsWhenComputingThreshold() {
        Policy small = new Policy(4, 4, 0, 100); // 67 of 100 needed
        TestValidators hundred = TestValidators.create(3, 100, rnd); // 34, 33, 33
        assertThat(verifier.verify(
                        NETWORK, blockHash, hundred.sign(NETWORK, blockHash, new int[] {0, 1}), hundred.set(), small))
                .isEqualTo(VerifyResult.VALID);
        assertFault(
                verifier.verify(
                        NETWORK, blockHash, hundred.sign(NETWORK, blockHash, new int[] {1, 2}), hundred.set(), small),
                Fault.INSUFFICIENT_SLOTS);
    }

    @Test
    void shouldBanForEveryJustificationFault() {
        for (Fault f : List.of(
                Fault.MISSING_JUSTIFICATION,
                Fault.MALFORMED_JUSTIFICATION,
                Fault.SIGNER_INDEX_OUT_OF_RANGE,
                Fault.INSUFFICIENT_SLOTS,
                Fault.INVALID_SIGNATURE)) {
            assertThat(f.consequence()).as(f.name()).isEqualTo(Consequence.BAN);
        }
    }

    @Test
    void shouldVerifyEverySliceWhenSignaturesAreSplitOverAPool() throws Exception {
        TestValidators many = TestValidators.create(64, 512, new Random(5));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            JustificationVerifier parallel = new JustificationVerifier(pool, 4);
            Justification all = many.signAll(NETWORK, blockHash);
            assertThat(parallel.verify(NETWORK, blockHash, all, many.set(), policy))
                    .isEqualTo(VerifyResult.VALID);
            for (int broken : new int[] {0, 17, 40, 63}) {
                List<Signature> sigs = new ArrayList<>(all.signatures());
                sigs.set(broken, all.signatures().get((broken + 1) % sigs.size()));
                VerifyResult r =
                        parallel.verify(NETWORK, blockHash, new Justification(all.signers(), sigs), many.set(), policy);
                assertThat(r).isInstanceOfSatisfying(VerifyResult.Invalid.class, inv -> {
                    assertThat(inv.fault()).isEqualTo(Fault.INVALID_SIGNATURE);
                    assertThat(inv.detail()).isEqualTo("signature of validator " + broken + " does not verify");
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldFinishOnTheCallingThreadWhenThePoolNeverRunsOrRefusesTheSlices() {
        TestValidators many = TestValidators.create(64, 512, new Random(5));
        Justification all = many.signAll(NETWORK, blockHash);
        java.util.concurrent.Executor neverRuns = task -> {};
        java.util.concurrent.Executor refuses = task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        for (java.util.concurrent.Executor e : List.of(neverRuns, refuses)) {
            assertThat(new JustificationVerifier(e, 4).verify(NETWORK, blockHash, all, many.set(), policy))
                    .isEqualTo(VerifyResult.VALID);
        }
    }
}
