package io.hms.engine.store;

/**
 * Carries a {@link StoreException} through interfaces that cannot declare it: the verifier's
 * {@code NodeStore} inside the store, and the {@link ChainView} getters, whose only failure is an
 * I/O error or corruption of the store itself (callers that must survive it catch this and read
 * {@link #unwrap()}).
 */
public final class UncheckedStoreException extends RuntimeException {

    public UncheckedStoreException(StoreException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException unwrap() {
        return (StoreException) getCause();
    }
}
