package io.hms.actors.job;

/** Why a batch set was not applied ({@code PushResult} other than Extended, flattened to plain data). */
public enum PushFailure {
    /** The block is already stored. */
    KNOWN,
    /** The block is not above our macro head. */
    IGNORED,
    /** A check of the store failed; {@code PushError} names which. */
    REJECTED,
    /** The store threw (I/O failure, corruption, closed store). */
    STORE_ERROR
}
