package io.hms.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the store (a 4 MiB tmpfs, {@link TinyDisk}): the push that does not fit
 * is refused with a typed {@code STORE_FAILURE} naming {@code DISK_FULL}, nothing of it is stored,
 * the store closes, reopening on the still-full disk fails with a typed {@code DISK_FULL}, and once
 * space is freed it reopens holding exactly the batch sets pushed before and takes more.
 */
class DiskFullTest {
    /** About 1 MiB of history per epoch (transfers of 3–4 KiB), so the tiny disk fills in the 2nd or 3rd epoch. */
    private static final GeneratorOptions BIG = GeneratorOptions.defaults(3301)
            .withShape(6, 0)
            .withTransactions(60, 0, false)
            .withSignTransfers(false)
            .withTxData(1500, 2048);

    private static final long DISK_BYTES = 4L << 20;
    /**
     * Freed after the failure. Reopening replays the write-ahead log into a table file, which needs
     * about as much space again as the data written, so the reserve exceeds half the disk.
     */
    private static final int RESERVE_BYTES = 5 << 19;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseThePushWithDiskFullAndReopenConsistentWhenTheDiskFillsUp() throws Exception {
        Optional<TinyDisk> disk = TinyDisk.mount(dir.resolve("tiny"), DISK_BYTES);
        Assumptions.assumeTrue(disk.isPresent(), "mounting a tmpfs is not allowed here (needs root)");
        try (TinyDisk tiny = disk.get();
                TestChain source = TestChains.create(dir.resolve("source"), BIG)) {
            Path reserve = tiny.path().resolve("reserve");
            Files.write(reserve, new byte[RESERVE_BYTES]);
            Path db = tiny.path().resolve("db");
            List<GeneratedBatch> batches = source.batches();
            int applied = 0;
            PushResult refused;
            try (Blockchain ours = RocksDbBlockchain.create(db, source.spec(), TestChains.TEST_STORE)) {
                while (true) {
                    GeneratedBatch b = batches.get(applied);
                    refused = ours.pushHistorySync(b.block(), b.firstLeafIndex(), b.items());
                    if (!refused.isExtended()) {
                        break;
                    }
                    applied++;
                }
                assertThat(refused).isInstanceOfSatisfying(PushResult.Rejected.class, r -> {
                    assertThat(r.error()).isEqualTo(PushError.STORE_FAILURE);
                    assertThat(r.detail())
                            .startsWith(StoreException.Kind.DISK_FULL.name())
                            .contains("No space left on device");
                });
                assertThat(applied).as("batch sets that fitted").isBetween(1, batches.size() - 2);
                System.out.printf(
                        "reliability disk-full applied=%d of %d batch sets, refused: %s%n",
                        applied, batches.size(), ((PushResult.Rejected) refused).detail());
                MacroBlock last = batches.get(applied - 1).block();
                assertThat(ours.macroHead()).isEqualTo(last);
                GeneratedBatch next = batches.get(applied);
                assertThat(ours.pushHistorySync(next.block(), next.firstLeafIndex(), next.items())
                                .isExtended())
                        .as("a retry on the full disk")
                        .isFalse();
                assertThat(ours.macroHead()).isEqualTo(last);
            }

            Optional<StoreException> stillFull = openFails(db);
            assertThat(stillFull)
                    .as("reopening on the full disk")
                    .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DISK_FULL));

            Files.delete(reserve);
            try (Blockchain reopened = RocksDbBlockchain.open(db, TestChains.TEST_STORE);
                    Blockchain reference =
                            RocksDbBlockchain.create(dir.resolve("reference"), source.spec(), TestChains.TEST_STORE)) {
                TestChains.push(reference, batches.subList(0, applied));
                StoreComparison.assertSameChain(reopened, reference);
                assertThat(HistoryScan.problems(reopened)).isEmpty();

                TestChains.push(reopened, batches.subList(applied, Math.min(batches.size(), applied + 2)));
                assertThat(reopened.headBlockNumber()).isGreaterThan(reference.headBlockNumber());
            }
        }
    }

    private static Optional<StoreException> openFails(Path db) {
        try (Blockchain chain = RocksDbBlockchain.open(db, TestChains.TEST_STORE)) {
            return Optional.empty();
        } catch (StoreException e) {
            return Optional.of(e);
        }
    }
}
