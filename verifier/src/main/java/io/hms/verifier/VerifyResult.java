package io.hms.verifier;

/**
 * Outcome of a verification: {@link Valid} or {@link Invalid} naming exactly what failed. Expected
 * failures are values, so callers can route them by {@link Fault} without catching exceptions.
 */
public sealed interface VerifyResult permits VerifyResult.Valid, VerifyResult.Invalid {

    /** The shared success value. */
    VerifyResult VALID = Valid.INSTANCE;

    static VerifyResult valid() {
        return Valid.INSTANCE;
    }

    static VerifyResult invalid(Fault fault, String detail) {
        return new Invalid(fault, detail);
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Success; a singleton. */
    record Valid() implements VerifyResult {
        public static final Valid INSTANCE = new Valid();
    }

    /** Failure: the fault (with its consequence for the peer) and a human-readable detail. */
    record Invalid(Fault fault, String detail) implements VerifyResult {
        public Invalid {
            java.util.Objects.requireNonNull(fault, "fault");
            java.util.Objects.requireNonNull(detail, "detail");
        }

        public Consequence consequence() {
            return fault.consequence();
        }
    }
}
