package io.hms.actors.bench;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.Stores;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One end-to-end measurement: K {@code hms serve} children, each on its own copy of the chain and
 * with its own options ({@code --latency}, {@code --bandwidth}, {@code --silent}), and one {@code
 * hms sync --stats-json} child syncing a fresh data directory from all of them. Afterwards the
 * synced store is compared with the source (heads, transaction count, every epoch's history root
 * recomputed from the store) and deleted.
 */
public final class SyncRun {
    private static final Duration SERVE_START = Duration.ofSeconds(60);

    private final String mainClass;
    private final Path work;
    private final List<String> syncJvmOptions;
    private final Duration timeout;

    public SyncRun(String mainClass, Path work, List<String> syncJvmOptions, Duration timeout) {
        this.mainClass = mainClass;
        this.work = work;
        this.syncJvmOptions = List.copyOf(syncJvmOptions);
        this.timeout = timeout;
    }

    /** What the sync child reported, its exit code, and whether its store equals the source. */
    public record Result(SyncStats stats, int exitCode, boolean sameAsSource, Path log) {}

    /**
     * Syncs from one serving child per entry of {@code peerOptions} (the i-th on the chain's i-th
     * copy).
     */
    public Result run(String name, BenchChains.Cached chain, List<List<String>> peerOptions, StatusReport expected)
            throws IOException, InterruptedException, StoreException {
        Path dir = work.resolve(name);
        BenchChains.deleteTree(dir);
        Files.createDirectories(dir);
        Deque<HmsProcess> servers = new ArrayDeque<>();
        try {
            List<InetSocketAddress> peers = new ArrayList<>();
            for (int i = 0; i < peerOptions.size(); i++) {
                List<String> args = new ArrayList<>(
                        List.of("serve", "--data", chain.peers().get(i).root().toString(), "--port", "0"));
                args.addAll(peerOptions.get(i));
                servers.push(HmsProcess.start(mainClass, List.of(), args, dir.resolve("serve-" + (i + 1) + ".log")));
                peers.add(servers.peek().awaitServing(SERVE_START));
            }
            Path stats = dir.resolve("stats.json");
            List<String> args = new ArrayList<>(List.of(
                    "sync",
                    "--data",
                    dir.resolve("synced").toString(),
                    "--spec",
                    chain.source().root().toString(),
                    "--timeout",
                    timeout.toSeconds() + "s",
                    "--stats-json",
                    stats.toString()));
            peers.forEach(p -> args.addAll(List.of("--peer", p.getHostString() + ":" + p.getPort())));
            int exit;
            try (HmsProcess sync = HmsProcess.start(mainClass, syncJvmOptions, args, dir.resolve("sync.log"))) {
                exit = sync.await(timeout.plusMinutes(1));
            }
            closeAll(servers);
            if (!Files.exists(stats)) {
                throw new IOException(
                        "the sync child wrote no figures (exit " + exit + "); see " + dir.resolve("sync.log"));
            }
            boolean same = sameAsSource(new DataDirectory(dir.resolve("synced")), expected);
            BenchChains.deleteTree(dir.resolve("synced"));
            return new Result(SyncStats.read(stats), exit, same, dir.resolve("sync.log"));
        } finally {
            closeAll(servers);
        }
    }

    private static boolean sameAsSource(DataDirectory synced, StatusReport expected) throws StoreException {
        if (!synced.hasStore()) {
            return false;
        }
        try (RocksDbBlockchain chain = Stores.openAsIs(synced, false)) {
            return StatusReport.of(chain).sameChainAs(expected);
        }
    }

    private static void closeAll(Deque<HmsProcess> processes) throws InterruptedException {
        while (!processes.isEmpty()) {
            processes.pop().close();
        }
    }
}
