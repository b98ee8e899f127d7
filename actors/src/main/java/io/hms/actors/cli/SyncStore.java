package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.Stores;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The store {@code hms sync} works on: the existing one (whose genesis a {@code --spec} must have) or
 * a new one for {@code --spec}; and where it stands when a sync stops early.
 */
final class SyncStore {
    private SyncStore() {}

    static RocksDbBlockchain openOrCreate(DataDirectory dir, Optional<Path> specPath) throws IOException {
        Optional<ChainSpec> given = specPath.map(SyncStore::readSpec);
        try {
            Optional<RocksDbBlockchain> existing = dir.hasStore() ? openExisting(dir) : Optional.empty();
            if (existing.isPresent()) {
                RocksDbBlockchain chain = existing.get();
                if (given.isPresent()
                        && !given.get().genesisHash().equals(chain.spec().genesisHash())) {
                    String ours = chain.spec().genesisHash().toHex();
                    chain.close();
                    throw new CommandFailure(
                            "the store in " + dir.root() + " holds the chain with genesis " + ours + ", but --spec "
                                    + specPath.get() + " has genesis "
                                    + given.get().genesisHash().toHex(),
                            HmsCommand.USAGE);
                }
                return chain;
            }
            if (given.isEmpty()) {
                throw new CommandFailure(
                        "no chain store in " + dir.root() + ": give the chain to sync with --spec FILE|DIR");
            }
            return dir.openOrCreate(given.get(), StoreOptions.ARCHIVE);
        } catch (StoreException e) {
            throw StoreAccess.failure(dir, e);
        }
    }

    /**
     * The store in {@code dir}, or nothing if its creation was interrupted (a process killed before
     * genesis committed): such a store holds nothing and is created anew for {@code --spec}.
     */
    private static Optional<RocksDbBlockchain> openExisting(DataDirectory dir) throws StoreException {
        try {
            return Optional.of(Stores.openAsIs(dir, true));
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Where the store stands, for a sync that stopped before its end. */
    static String stoppedAt(RocksDbBlockchain chain) {
        long head = chain.headBlockNumber();
        return "applied up to block " + head + " (epoch "
                + chain.spec().policy().epochAt(head) + ") with "
                + Units.count(chain.totalTransactions(), "transaction") + "; run the same command to resume";
    }

    private static ChainSpec readSpec(Path specPath) {
        try {
            return DataDirectory.readSpec(specPath);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage() + " (--spec)", HmsCommand.USAGE);
        }
    }
}
