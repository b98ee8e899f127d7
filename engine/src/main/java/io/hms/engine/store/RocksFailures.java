package io.hms.engine.store;

import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Maps RocksDB's status codes to {@link StoreException.Kind}s. RocksDB reports a held LOCK file and
 * a full disk as generic I/O errors; the distinction is only in the sub-code or the message.
 */
final class RocksFailures {
    private RocksFailures() {}

    static StoreException map(RocksDBException e, String what) {
        Status status = e.getStatus();
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        StoreException.Kind kind;
        if ((status != null && status.getSubCode() == Status.SubCode.NoSpace) || lower.contains("no space left")) {
            kind = StoreException.Kind.DISK_FULL;
        } else if (lower.contains("lock file") || lower.contains("lock hold") || lower.contains("/lock:")) {
            kind = StoreException.Kind.LOCKED;
        } else if (status != null
                && status.getCode() == Status.Code.NotSupported
                && (lower.contains("secondary") || lower.contains("read-only") || lower.contains("read only"))) {
            kind = StoreException.Kind.READ_ONLY;
        } else if (status != null && status.getCode() == Status.Code.Corruption) {
            kind = StoreException.Kind.CORRUPTED;
        } else {
            kind = StoreException.Kind.IO;
        }
        String text = kind == StoreException.Kind.LOCKED
                ? what + ": the directory is in use by another process or store instance (" + message + ")"
                : what + ": " + message;
        return new StoreException(kind, text, e);
    }

    /** A value that does not decode: the store was written by something else or damaged. */
    static StoreException corrupted(String what, Exception cause) {
        return new StoreException(StoreException.Kind.CORRUPTED, what + ": " + cause.getMessage(), cause);
    }
}
