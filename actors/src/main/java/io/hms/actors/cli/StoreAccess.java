package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.Stores;
import io.hms.engine.store.ReadOnlyChain;
import io.hms.engine.store.StoreException;

/** Opens a data directory's store for a command, turning store failures into one-line messages. */
final class StoreAccess {
    private StoreAccess() {}

    /**
     * The store of {@code dir} for queries: opened as usual when no process holds it, and read beside
     * the running {@code hms serve} or {@code hms sync} that holds it otherwise.
     */
    static ReadOnlyChain open(DataDirectory dir) {
        if (!dir.hasStore()) {
            throw new CommandFailure(
                    "no chain store in " + dir.root() + " (create one with 'hms generate' or 'hms sync')");
        }
        try {
            return Stores.openForQueries(dir);
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
