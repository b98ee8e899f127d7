package io.hms.actors.node;

import io.hms.engine.store.ReadOnlyChain;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opening existing stores for commands that do not care how they were created. */
public final class Stores {
    private Stores() {}

    /**
     * Opens the store of {@code dir} as it is: as an archive, or pruned if it was pruned (an archive
     * store is never pruned by this).
     *
     * @throws StoreException {@code NOT_FOUND} if there is no store, {@code LOCKED} if another
     *     process has it open
     */
    public static RocksDbBlockchain openAsIs(DataDirectory dir, boolean syncWrites) throws StoreException {
        StoreOptions archive = StoreOptions.ARCHIVE.withSyncWrites(syncWrites);
        try {
            return dir.open(archive);
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.INCOMPATIBLE) {
                throw e;
            }
            return dir.open(archive.withPruned(true));
        }
    }

    /**
     * Opens the store of {@code dir} for queries: {@link #openAsIs} when no process holds it (as
     * before: the opening may finish a prune sweep or drop stale staging); while a running node holds
     * it, a read-only secondary instance that sees what that node committed by now.
     *
     * @throws StoreException {@code NOT_FOUND} if there is no store
     */
    public static ReadOnlyChain openForQueries(DataDirectory dir) throws StoreException {
        try {
            return ReadOnlyChain.of(openAsIs(dir, true));
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.LOCKED) {
                throw e;
            }
            return ReadOnlyChain.openSecondary(dir.store(), StoreOptions.ARCHIVE);
        }
    }

    /**
     * Copies a closed store directory: RocksDB's table files ({@code *.sst}) never change once
     * written, so they are hard-linked where the file system allows it; everything else is copied.
     */
    public static void copyClosedStore(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files;
        try (Stream<Path> listing = Files.list(from)) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(file.getFileName().toString());
            if (file.getFileName().toString().endsWith(".sst")) {
                try {
                    Files.createLink(target, file);
                    continue;
                } catch (IOException | UnsupportedOperationException e) {
                    // fall back to a copy
                }
            }
            Files.copy(file, target);
        }
    }
}
