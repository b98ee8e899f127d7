package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The RocksDB database of one data directory and its column families, each behind a typed {@link
 * Column}. Opening takes RocksDB's {@code LOCK} file, which is what makes a second process (or a
 * second instance in this one) fail with {@link StoreException.Kind#LOCKED}.
 *
 * <pre>
 * default     meta: "spec" → ChainSpec, "heads" → StoreHeads, "index.address" → version of the address index
 * blocks      block hash → StoredBlock (block, history length, boundary flag)
 * main_chain  be64(block number) → block hash
 * validators  be64(epoch) → ValidatorSet governing that epoch
 * epochs      be64(epoch) → leaves stored for the epoch
 * history     be64(epoch) ‖ be64(leaf) → encoded HistoricTransaction
 * mmr         be64(epoch) ‖ be64(node index) → 32-byte node hash
 * tx_index    transaction hash → TxLocation
 * staging     block hash ‖ be64(leaf) → encoded HistoricTransaction (never read by readers)
 * link_headers be64(block number) → MacroHeader of a main-chain macro block held only as a header:
 *             the links a chained push was authenticated by (so this node can chain what it serves)
 * peer_bans   BanKey → BanRecord: the node's bans, kept across restarts (RocksBanStore)
 * address_index be64(address prefix) ‖ be64(~epoch) ‖ be64(~first leaf) → further leaves as varint gaps:
 *             each push's leaves under the 8-byte prefixes of the addresses they involve (AddressGroups)
 * address_log be64(epoch) ‖ be64(first appended leaf) → one push's AddressGroups in one record (AddressLog),
 *             until AddressLogFolder turns it into address_index entries
 * </pre>
 */
final class StoreColumns implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** Column family names, in the order of the handles. */
    static final List<String> NAMES = List.of(
            "default",
            "blocks",
            "main_chain",
            "validators",
            "epochs",
            "history",
            "mmr",
            "tx_index",
            "staging",
            "link_headers",
            "peer_bans",
            "address_index",
            "address_log");

    /** The column family a secondary instance may lack: a store last opened by an hms without it. */
    static final String OPTIONAL_NAME = "address_log";

    /**
     * Memtable size of {@code address_index} (RocksDB's default is 64 MiB). A push of distinct
     * addresses inserts about two entries per transaction, in key order but scattered over the
     * memtable; the skiplist search per insert grows with the memtable, so a small one halves the
     * push thread's insert cost (docs/BENCHMARKS.md, "Address index version 2": about 1.0 → 0.55 µs
     * per entry) at the price of more, smaller flushes in the background.
     */
    static final long ADDRESS_INDEX_WRITE_BUFFER_BYTES = 4L << 20;

    final RocksDB db;
    final Column<String, ChainSpec> spec;
    final Column<String, StoreHeads> heads;
    final Column<String, Long> formatMarkers;
    final Column<Hash, StoredBlock> blocks;
    final Column<Long, Hash> mainChain;
    final Column<Long, ValidatorSet> validators;
    final Column<Long, Long> epochs;
    final Column<EpochKey, byte[]> history;
    final Column<EpochKey, byte[]> mmr;
    final Column<Hash, TxLocation> txIndex;
    final Column<StagingKey, byte[]> staging;
    final Column<Long, MacroHeader> linkHeaders;
    final Column<io.hms.engine.ban.BanKey, io.hms.engine.ban.BanRecord> peerBans;
    final Column<AddressKey, byte[]> addressIndex;
    /** Present except in a secondary instance of a store written by an hms without the log. */
    final Optional<Column<EpochKey, byte[]>> addressLog;

    private final List<ColumnFamilyHandle> handles;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions;
    private final LRUCache cache;

    private StoreColumns(
            RocksDB db,
            List<ColumnFamilyHandle> handles,
            DBOptions dbOptions,
            List<ColumnFamilyOptions> cfOptions,
            LRUCache cache) {
        this.db = db;
        this.handles = handles;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.cache = cache;
        spec = new Column<>("meta", db, handles.get(0), KeyCodec.ASCII, ValueCodec.of(ChainSpec.CODEC));
        heads = new Column<>("meta", db, handles.get(0), KeyCodec.ASCII, ValueCodec.of(StoreHeads.CODEC));
        formatMarkers = new Column<>("meta", db, handles.get(0), KeyCodec.ASCII, ValueCodec.of(StoreCodecs.COUNT));
        blocks = new Column<>("blocks", db, handles.get(1), KeyCodec.HASH, ValueCodec.of(StoredBlock.CODEC));
        mainChain = new Column<>("main_chain", db, handles.get(2), KeyCodec.U64, ValueCodec.of(Hash.CODEC));
        validators = new Column<>("validators", db, handles.get(3), KeyCodec.U64, ValueCodec.of(ValidatorSet.CODEC));
        epochs = new Column<>("epochs", db, handles.get(4), KeyCodec.U64, ValueCodec.of(StoreCodecs.COUNT));
        history = new Column<>("history", db, handles.get(5), EpochKey.CODEC, ValueCodec.RAW);
        mmr = new Column<>("mmr", db, handles.get(6), EpochKey.CODEC, ValueCodec.RAW);
        txIndex = new Column<>("tx_index", db, handles.get(7), KeyCodec.HASH, ValueCodec.of(StoreCodecs.TX_LOCATION));
        staging = new Column<>("staging", db, handles.get(8), StagingKey.CODEC, ValueCodec.RAW);
        linkHeaders = new Column<>("link_headers", db, handles.get(9), KeyCodec.U64, ValueCodec.of(MacroHeader.CODEC));
        peerBans = new Column<>(
                "peer_bans", db, handles.get(10), RocksBanStore.KEYS, ValueCodec.of(io.hms.engine.ban.BanRecord.CODEC));
        addressIndex = new Column<>("address_index", db, handles.get(11), AddressKey.CODEC, ValueCodec.RAW);
        addressLog = handles.size() > 12
                ? Optional.of(new Column<>("address_log", db, handles.get(12), EpochKey.CODEC, ValueCodec.RAW))
                : Optional.empty();
    }

    /** Opens (creating if missing) the database in {@code dir}. */
    static StoreColumns open(Path dir, StoreOptions options) throws StoreException {
        return open(
                dir,
                options,
                NAMES,
                "opening the store in " + dir,
                (db, descriptors, handles) -> RocksDB.open(
                        db.setCreateIfMissing(true).setCreateMissingColumnFamilies(true),
                        dir.toString(),
                        descriptors,
                        handles));
    }

    /**
     * Opens the database in {@code dir} as a RocksDB secondary instance: it takes no lock, so it
     * opens while another process writes; it reads what the primary committed up to now and up to
     * each {@link RocksDB#tryCatchUpWithPrimary()}, and RocksDB refuses every write to it. Its own
     * files (info log, replay state) go to {@code secondaryDir}, never to {@code dir}.
     */
    static StoreColumns openSecondary(Path dir, Path secondaryDir, StoreOptions options) throws StoreException {
        boolean withLog;
        try (Options listing = new Options()) {
            withLog = RocksDB.listColumnFamilies(listing, dir.toString()).stream()
                    .anyMatch(name -> Arrays.equals(name, OPTIONAL_NAME.getBytes(StandardCharsets.US_ASCII)));
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "listing the column families of " + dir);
        }
        return open(
                dir,
                options,
                withLog ? NAMES : NAMES.subList(0, NAMES.size() - 1),
                "opening the store in " + dir + " for reading",
                (db, descriptors, handles) -> RocksDB.openAsSecondary(
                        db.setMaxOpenFiles(-1), dir.toString(), secondaryDir.toString(), descriptors, handles));
    }

    private interface Opener {
        RocksDB open(DBOptions db, List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles)
                throws RocksDBException;
    }

    private static StoreColumns open(Path dir, StoreOptions options, List<String> names, String what, Opener opener)
            throws StoreException {
        LRUCache cache = new LRUCache(Math.max(1L << 20, options.blockCacheBytes()));
        DBOptions dbOptions = new DBOptions().setMaxBackgroundJobs(2).setBytesPerSync(1L << 20);
        List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
            if (name.equals("blocks") || name.equals("tx_index")) {
                table.setFilterPolicy(new BloomFilter(10));
            }
            ColumnFamilyOptions cf = new ColumnFamilyOptions().setTableFormatConfig(table);
            if (name.equals("address_index")) {
                cf.setWriteBufferSize(ADDRESS_INDEX_WRITE_BUFFER_BYTES);
            }
            cfOptions.add(cf);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cf));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = opener.open(dbOptions, descriptors, handles);
            return new StoreColumns(db, handles, dbOptions, cfOptions, cache);
        } catch (RocksDBException e) {
            cfOptions.forEach(ColumnFamilyOptions::close);
            dbOptions.close();
            cache.close();
            throw RocksFailures.map(e, what);
        }
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        cfOptions.forEach(ColumnFamilyOptions::close);
        dbOptions.close();
        cache.close();
    }
}
