package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Policy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** Store failures surface as typed, explained errors; damaged data is CORRUPTED, never a wrong answer. */
class StoreFailureTest {
    @TempDir
    Path dir;

    private static StoreException.Kind kindOf(Status.Code code, Status.SubCode sub, String message) {
        return RocksFailures.map(new RocksDBException(message, new Status(code, sub, message)), "test")
                .kind();
    }

    @Test
    void shouldMapRocksStatusesToKindsWhenRocksFails() {
        assertThat(kindOf(Status.Code.IOError, Status.SubCode.NoSpace, "IO error: No space left on device"))
                .isEqualTo(StoreException.Kind.DISK_FULL);
        assertThat(kindOf(Status.Code.Corruption, Status.SubCode.None, "Corruption: block checksum mismatch"))
                .isEqualTo(StoreException.Kind.CORRUPTED);
        assertThat(kindOf(
                        Status.Code.IOError,
                        Status.SubCode.None,
                        "IO error: While lock file: /data/LOCK: Resource temporarily unavailable"))
                .isEqualTo(StoreException.Kind.LOCKED);
        assertThat(kindOf(Status.Code.IOError, Status.SubCode.None, "IO error: Input/output error"))
                .isEqualTo(StoreException.Kind.IO);
    }

    private TestChain pushedChain() throws StoreException {
        TestChain test = new TestChain(71, Policy.UNIT).extend(3, 20);
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
        }
        return test;
    }

    /** Writes raw bytes under a key of a column, bypassing the store. */
    private <K> void damage(java.util.function.Function<StoreColumns, Column<K, ?>> column, K key, byte[] value)
            throws Exception {
        try (StoreColumns cols = StoreColumns.open(dir, StoreOptions.ARCHIVE);
                WriteBatch batch = new WriteBatch();
                WriteOptions write = new WriteOptions()) {
            Column<K, ?> c = column.apply(cols);
            c.putRaw(batch, c.keys().encode(key), value);
            cols.db.write(write, batch);
        }
    }

    @Test
    void shouldFailCorruptedWhenHeadsDoNotDecode() throws Exception {
        pushedChain();
        damage(c -> c.heads, RocksDbBlockchain.HEADS_KEY, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPTED))
                .hasMessageContaining("meta heads");
        damage(c -> c.heads, RocksDbBlockchain.HEADS_KEY, new byte[0]);
        assertThatThrownBy(() -> RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPTED));
    }

    @Test
    void shouldReportCorruptedWhenABlockOrNodeIsDamaged() throws Exception {
        TestChain test = pushedChain();
        damage(c -> c.blocks, test.batch(0).block().hash(), new byte[] {9});
        damage(c -> c.mmr, new EpochKey(1, 1), new byte[] {1, 2}); // the sibling of leaf 0
        try (Blockchain chain = RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE)) {
            assertThatThrownBy(() -> chain.blockByHash(test.batch(0).block().hash()))
                    .isInstanceOfSatisfying(
                            UncheckedStoreException.class,
                            e -> assertThat(e.unwrap().kind()).isEqualTo(StoreException.Kind.CORRUPTED));
            assertThatThrownBy(() -> chain.proveRange(1, 0, 1, chain.historyLength(1)))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPTED));
            assertThat(chain.blockByHash(test.batch(1).block().hash()))
                    .contains(test.batch(1).block());
        }
    }
}
