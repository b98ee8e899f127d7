package io.hms.verifier;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.crypto.Ed25519;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Checks a macro block's justification (SPEC §0): the signers hold at least {@code ⌈2·slots/3⌉}
 * slots of the governing validator set and every signature verifies over {@link
 * Justification#signingMessage}. The cheap structural and slot checks run before any signature,
 * so a hopeless justification costs no curve arithmetic. Stateless and thread-safe.
 */
public final class JustificationVerifier {
    /** Fewer signatures than this are checked on the calling thread alone: a split would cost more than it saves. */
    static final int MIN_SIGNATURES_TO_SPLIT = 16;

    private final Executor executor;
    private final int parallelism;

    /** Checks every signature on the calling thread. */
    public JustificationVerifier() {
        this(Runnable::run, 1);
    }

    /**
     * Splits a justification's signature checks into {@code parallelism} slices: the calling thread
     * runs one and, once done, runs every slice {@code executor} has not started yet, so the call
     * completes even when the executor is saturated (or is the caller's own pool), never waiting on a
     * slice that no thread took.
     */
    public JustificationVerifier(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.executor = executor;
        this.parallelism = parallelism;
    }

    public VerifyResult verify(int network, Hash blockHash, Justification j, ValidatorSet v, Policy p) {
        List<Integer> signers = j.signers();
        List<Signature> signatures = j.signatures();
        if (signers.size() != signatures.size()) {
            return VerifyResult.invalid(
                    Fault.MALFORMED_JUSTIFICATION,
                    signers.size() + " signers but " + signatures.size() + " signatures");
        }
        long slots = 0;
        int previous = -1;
        for (int index : signers) {
            if (index <= previous) {
                return VerifyResult.invalid(Fault.MALFORMED_JUSTIFICATION, "signer " + index + " after " + previous);
            }
            if (index >= v.size()) {
                return VerifyResult.invalid(
                        Fault.SIGNER_INDEX_OUT_OF_RANGE,
                        "signer " + index + " in a set of " + v.size() + " validators");
            }
            slots += v.get(index).slots();
            previous = index;
        }
        if (slots < p.twoFPlusOne()) {
            return VerifyResult.invalid(
                    Fault.INSUFFICIENT_SLOTS, "signers hold " + slots + " slots, " + p.twoFPlusOne() + " needed");
        }
        byte[] message = Justification.signingMessage(network, blockHash);
        int slices = Math.min(parallelism, Math.max(1, signers.size() / MIN_SIGNATURES_TO_SPLIT));
        int bad = slices == 1
                ? firstInvalid(message, j, v, 0, signers.size())
                : firstInvalidInSlices(message, j, v, slices);
        if (bad >= 0) {
            return VerifyResult.invalid(Fault.INVALID_SIGNATURE, "signature of validator " + bad + " does not verify");
        }
        return VerifyResult.valid();
    }

    /** Validator index of the first signature in {@code [from, to)} that does not verify, or −1. */
    private static int firstInvalid(byte[] message, Justification j, ValidatorSet v, int from, int to) {
        for (int i = from; i < to; i++) {
            int index = j.signers().get(i);
            if (!Ed25519.verify(
                    v.get(index).signingKey(), message, j.signatures().get(i))) {
                return index;
            }
        }
        return -1;
    }

    private int firstInvalidInSlices(byte[] message, Justification j, ValidatorSet v, int slices) {
        int n = j.signers().size();
        List<Slice> work = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) n * s / slices);
            int to = (int) ((long) n * (s + 1) / slices);
            work.add(new Slice(() -> firstInvalid(message, j, v, from, to)));
        }
        for (int s = 1; s < slices; s++) {
            Slice slice = work.get(s);
            try {
                executor.execute(slice::runIfUnclaimed);
            } catch (RejectedExecutionException full) {
                // the caller runs it below
            }
        }
        for (Slice slice : work) {
            slice.runIfUnclaimed();
        }
        int bad = -1;
        for (Slice slice : work) {
            int r = slice.await();
            if (r >= 0 && (bad < 0 || r < bad)) {
                bad = r;
            }
        }
        return bad;
    }

    /** One part of the signature checks, run by whichever thread claims it first. */
    private static final class Slice {
        private final IntSupplier check;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Integer> result = new CompletableFuture<>();

        Slice(IntSupplier check) {
            this.check = check;
        }

        void runIfUnclaimed() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    result.complete(check.getAsInt());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }
        }

        /** Waits only for a slice some thread claimed, so it always finishes. */
        int await() {
            return result.join();
        }
    }

    /**
     * Signs {@code blockHash} by the validators at {@code signerIndices} (ascending), for block
     * producers and test chains. {@code keysByValidatorIndex.get(i)} is validator {@code i}'s key.
     */
    public static Justification sign(
            int network, Hash blockHash, List<SigningKey> keysByValidatorIndex, int[] signerIndices) {
        byte[] message = Justification.signingMessage(network, blockHash);
        List<Integer> signers = new ArrayList<>(signerIndices.length);
        List<Signature> signatures = new ArrayList<>(signerIndices.length);
        for (int index : signerIndices) {
            signers.add(index);
            signatures.add(keysByValidatorIndex.get(index).sign(message));
        }
        return new Justification(signers, signatures);
    }
}
