package io.hms.engine.store;

/**
 * A failure of the store itself or a request the stored data cannot answer. Checked, because every
 * caller must decide what it means (a serving handler answers an error; the sync stops on {@link
 * Kind#DISK_FULL}); the message always says what happened and where.
 */
public final class StoreException extends Exception {

    /** What went wrong, precisely enough for a caller to route on it. */
    public enum Kind {
        /** Another process (or another instance in this one) holds the directory's lock. */
        LOCKED,
        /** Stored bytes do not decode or contradict each other. */
        CORRUPTED,
        /** The disk is full; nothing was written. */
        DISK_FULL,
        /** Any other I/O or RocksDB failure. */
        IO,
        /** The directory holds no store ({@code open}), or a block or epoch asked for is not stored. */
        NOT_FOUND,
        /** {@code create} found a store already in the directory. */
        ALREADY_EXISTS,
        /** The options contradict the stored store (e.g. opening a pruned store as an archive). */
        INCOMPATIBLE,
        /** The history asked for was dropped by a pruned store. */
        PRUNED,
        /** The leaves or size asked for lie beyond what is stored (or the range is empty). */
        OUT_OF_RANGE,
        /** The store was closed. */
        CLOSED,
        /** A write to a store opened for reading only ({@code RocksDbBlockchain.openSecondary}). */
        READ_ONLY
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
