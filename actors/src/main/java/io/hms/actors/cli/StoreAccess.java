package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.Stores;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;

/** Opens a data directory's store for a command, turning store failures into one-line messages. */
final class StoreAccess {
    private StoreAccess() {}

    static RocksDbBlockchain open(DataDirectory dir) {
        if (!dir.hasStore()) {
            throw new CommandFailure(
                    "no chain store in " + dir.root() + " (create one with 'hms generate' or 'hms sync')");
        }
        try {
            return Stores.openAsIs(dir, true);
        } catch (StoreException e) {
            throw failure(dir, e);
        }
    }

    static CommandFailure failure(DataDirectory dir, StoreException e) {
        return switch (e.kind()) {
            case LOCKED -> new CommandFailure("the store in " + dir.root() + " is in use by another hms process");
            case NOT_FOUND -> new CommandFailure("no chain store in " + dir.root());
            default -> new CommandFailure("cannot open the store in " + dir.root() + ": " + e.getMessage());
        };
    }
}
