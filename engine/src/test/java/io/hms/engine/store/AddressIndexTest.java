package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The address index lists every stored transaction of an address, newest first, in pages. */
class AddressIndexTest {
    private static final StoreOptions ARCHIVE = StoreOptions.ARCHIVE.withSyncWrites(false);

    @TempDir
    Path dir;

    @Test
    void shouldListAnAddressNewestFirstInPagesWhenHistoryIsPushed() throws Exception {
        TestChain test = new TestChain(71, Policy.UNIT).extend(13, 6);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), ARCHIVE)) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            PublicKey validator = test.keysOf(1).get(0).publicKey();
            List<IndexedTransaction> expected = expected(test, validator, 1);
            assertThat(expected).hasSizeGreaterThan(2);
            assertThat(allPages(chain, validator, 2)).isEqualTo(expected);
            HistoricTransaction transfer = test.epochItems(2).get(1);
            Transfer t = (Transfer) transfer.data();
            for (PublicKey party : List.of(t.sender(), t.recipient())) {
                assertThat(chain.transactionsByAddress(party, Optional.empty(), 10))
                        .extracting(IndexedTransaction::transaction)
                        .containsExactly(transfer);
            }
            assertThat(chain.transactionsByAddress(PublicKey.of(new byte[32]), Optional.empty(), 10))
                    .isEmpty();
        }
    }

    @Test
    void shouldRebuildTheIndexWhenAStoreWithoutItIsOpened() throws Exception {
        TestChain test = new TestChain(72, Policy.UNIT).extend(9, 5);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), ARCHIVE)) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
        }
        try (StoreColumns cols = StoreColumns.open(dir, ARCHIVE);
                WriteBatch batch = new WriteBatch();
                WriteOptions write = new WriteOptions()) {
            byte[] all = new byte[AddressKey.LENGTH + 1];
            java.util.Arrays.fill(all, (byte) 0xFF);
            cols.addressIndex.deleteRange(batch, new byte[0], all);
            cols.formatMarkers.delete(batch, AddressIndex.MARKER_KEY);
            cols.db.write(write, batch);
            assertThat(AddressIndexRebuild.upToDate(cols)).isFalse();
        }
        PublicKey validator = test.keysOf(1).get(1).publicKey();
        try (Blockchain chain = RocksDbBlockchain.open(dir, ARCHIVE)) {
            assertThat(allPages(chain, validator, 2)).isEqualTo(expected(test, validator, 1));
        }
        try (StoreColumns cols = StoreColumns.open(dir, ARCHIVE)) {
            assertThat(AddressIndexRebuild.upToDate(cols)).isTrue();
        }
    }

    @Test
    void shouldDropPrunedEpochsFromTheIndex() throws Exception {
        TestChain test = new TestChain(73, Policy.UNIT).extend(13, 6);
        StoreOptions pruned = StoreOptions.PRUNED.withSyncWrites(false);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), pruned)) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            PublicKey validator = test.keysOf(1).get(2).publicKey();
            assertThat(allPages(chain, validator, 100)).isEqualTo(expected(test, validator, 3));
        }
        try (StoreColumns cols = StoreColumns.open(dir, pruned);
                ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                assertThat(AddressKey.CODEC.decode(it.key()).epoch()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void shouldPageAnAddressWhoseLeavesShareGroupsWithAnotherAddressOfTheSamePrefix() throws Exception {
        PublicKey a = key(0x11, 0xA1);
        PublicKey b = key(0x11, 0xB2); // same 8-byte prefix as a: same index entries, told apart on read
        PublicKey c = key(0x22, 0x01);
        assertThat(AddressKey.prefixOf(a)).isEqualTo(AddressKey.prefixOf(b));
        TestChain test = new TestChain(74, Policy.UNIT);
        for (int i = 0; i < 9; i++) {
            // several leaves of a, b and c per push; a → a and b → a are listed once per address
            test.extendWithTransfers(a, c, b, c, a, a, b, a, c, a, a, c);
        }
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), ARCHIVE)) {
            test.batches()
                    .forEach(batch -> assertThat(chain.pushHistorySync(batch.block(), batch.firstLeaf(), batch.items())
                                    .isExtended())
                            .isTrue());
            for (PublicKey address : List.of(a, b, c)) {
                List<IndexedTransaction> expected = expected(test, address, 1);
                assertThat(expected).hasSizeGreaterThan(15);
                for (int pageSize : new int[] {1, 2, 3, 5, 100}) {
                    assertThat(allPages(chain, address, pageSize)).isEqualTo(expected);
                }
            }
        }
        try (StoreColumns cols = StoreColumns.open(dir, ARCHIVE);
                ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            int entries = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entries++;
            }
            // one entry per prefix and push (a/b, c, the rewarded validator), not one per leaf and address
            assertThat(entries).isLessThanOrEqualTo(3 * test.batches().size());
        }
    }

    @Test
    void shouldRebuildAVersion1IndexInTheCurrentFormatWhenTheStoreIsOpened() throws Exception {
        TestChain test = new TestChain(75, Policy.UNIT).extend(9, 5);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), ARCHIVE)) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
        }
        PublicKey validator = test.keysOf(1).get(1).publicKey();
        try (StoreColumns cols = StoreColumns.open(dir, ARCHIVE);
                WriteBatch batch = new WriteBatch();
                WriteOptions write = new WriteOptions()) {
            byte[] all = new byte[AddressKey.LENGTH + 1];
            java.util.Arrays.fill(all, (byte) 0xFF);
            cols.addressIndex.deleteRange(batch, new byte[0], all);
            // what version 1 wrote: address ‖ be64(~epoch) ‖ be64(~leaf) → empty, one per leaf
            byte[] v1 = java.util.Arrays.copyOf(validator.unsafeBytes(), 48);
            Bytes.putBe64(v1, 32, ~1L);
            Bytes.putBe64(v1, 40, ~3L);
            cols.addressIndex.putRaw(batch, v1, new byte[0]);
            cols.formatMarkers.put(batch, AddressIndex.MARKER_KEY, 1L);
            cols.db.write(write, batch);
            assertThat(AddressIndexRebuild.upToDate(cols)).isFalse();
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, ARCHIVE)) {
            assertThat(allPages(chain, validator, 2)).isEqualTo(expected(test, validator, 1));
        }
        try (StoreColumns cols = StoreColumns.open(dir, ARCHIVE);
                ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            assertThat(AddressIndexRebuild.upToDate(cols)).isTrue();
            int entries = 0;
            for (it.seekToFirst(); it.isValid(); it.next(), entries++) {
                assertThat(it.key()).hasSize(AddressKey.LENGTH);
            }
            assertThat(entries).isPositive();
        }
    }

    /** A public key of 32 bytes: {@code prefixByte} eight times, then {@code restByte}. */
    static PublicKey key(int prefixByte, int restByte) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, 0, 8, (byte) prefixByte);
        java.util.Arrays.fill(bytes, 8, 32, (byte) restByte);
        return PublicKey.of(bytes);
    }

    static List<IndexedTransaction> allPages(ChainView chain, PublicKey address, int pageSize) {
        List<IndexedTransaction> all = new ArrayList<>();
        Optional<TxLocation> after = Optional.empty();
        while (true) {
            List<IndexedTransaction> page = chain.transactionsByAddress(address, after, pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = Optional.of(page.get(page.size() - 1).location());
        }
    }

    /** What the index must answer, computed from the test chain: epochs from {@code firstEpoch}, newest first. */
    static List<IndexedTransaction> expected(TestChain test, PublicKey address, long firstEpoch) {
        List<IndexedTransaction> out = new ArrayList<>();
        for (long e = test.policy()
                        .epochAt(test.batches()
                                .get(test.batches().size() - 1)
                                .block()
                                .blockNumber());
                e >= firstEpoch;
                e--) {
            List<HistoricTransaction> items = test.epochItems(e);
            for (int leaf = items.size() - 1; leaf >= 0; leaf--) {
                HistoricTransaction tx = items.get(leaf);
                if (involves(tx, address)) {
                    out.add(new IndexedTransaction(new TxLocation(e, leaf, tx.blockNumber()), tx));
                }
            }
        }
        return out;
    }

    private static boolean involves(HistoricTransaction tx, PublicKey address) {
        if (tx.data() instanceof Transfer t) {
            return t.sender().equals(address) || t.recipient().equals(address);
        }
        if (tx.data() instanceof BatchReward r) {
            return r.validator().equals(address) || r.rewardAddress().equals(address);
        }
        return false;
    }
}
