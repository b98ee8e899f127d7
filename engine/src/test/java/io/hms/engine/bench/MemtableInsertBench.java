package io.hms.engine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The write thread's CPU per memtable insert of address-index-shaped entries (24-byte keys, empty
 * values, each batch of distinct random prefixes in key order: a push of distinct addresses) for
 * several write buffer sizes, interleaved batch by batch so that the machine's noise hits them alike.
 * Plain RocksDB, no hms store. Arguments: write buffer sizes in bytes, comma-separated (0 = RocksDB's
 * default), batches per round, rounds; e.g. {@code 0,8388608,4194304,2097152 24 4}.
 */
public final class MemtableInsertBench {
    private static final int ENTRIES_PER_BATCH = 20_000;

    private MemtableInsertBench() {}

    public static void main(String[] args) throws RocksDBException, IOException {
        RocksDB.loadLibrary();
        long[] sizes =
                Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray();
        int batches = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long[] cpu = new long[sizes.length];
            Path[] dirs = new Path[sizes.length];
            Options[] options = new Options[sizes.length];
            RocksDB[] dbs = new RocksDB[sizes.length];
            try (WriteOptions write = new WriteOptions()) {
                for (int i = 0; i < sizes.length; i++) {
                    dirs[i] = Files.createTempDirectory("hms-memtable-bench");
                    options[i] = new Options().setCreateIfMissing(true).setMaxBackgroundJobs(2);
                    if (sizes[i] > 0) {
                        options[i].setWriteBufferSize(sizes[i]);
                    }
                    dbs[i] = RocksDB.open(options[i], dirs[i].toString());
                }
                Random random = new Random(round);
                for (int b = 0; b < batches; b++) {
                    long[] prefixes = random.longs(ENTRIES_PER_BATCH).sorted().toArray(); // signed order is enough here
                    for (int i = 0; i < sizes.length; i++) {
                        try (WriteBatch batch = new WriteBatch()) {
                            for (long prefix : prefixes) {
                                byte[] key = new byte[24];
                                for (int j = 0; j < 8; j++) {
                                    key[j] = (byte) (prefix >>> (56 - 8 * j));
                                }
                                key[15] = (byte) b;
                                batch.put(key, new byte[0]);
                            }
                            long start = threads.getCurrentThreadCpuTime();
                            dbs[i].write(write, batch);
                            cpu[i] += threads.getCurrentThreadCpuTime() - start;
                        }
                    }
                }
            } finally {
                for (int i = 0; i < sizes.length; i++) {
                    if (dbs[i] != null) {
                        dbs[i].close();
                    }
                    if (options[i] != null) {
                        options[i].close();
                    }
                    if (dirs[i] != null) {
                        deleteRecursively(dirs[i]);
                    }
                }
            }
            StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
            for (int i = 0; i < sizes.length; i++) {
                line.append(String.format(
                        "  write buffer %s: %.3f µs per entry",
                        sizes[i] == 0 ? "default" : (sizes[i] >> 20) + " MiB",
                        cpu[i] / 1e3 / batches / ENTRIES_PER_BATCH));
            }
            System.out.println(line);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
