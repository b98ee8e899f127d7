package io.hms.actors.bench;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.Stores;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@code hms bench}'s measurements in order, on cached chains: for the 1× chain and the
 * {@code scale}× chain, the one-thread bound ({@link BoundRun}) and {@code hms sync} from K = 1 and
 * K = 3 local {@code hms serve} processes; on the 1× chain, four far-away peers (8, 4, 2 and 1 MB/s)
 * and a fast peer next to a silent one. Every sync is checked against its source.
 */
public final class Bench {
    private final BenchPlan plan;
    private final Consumer<String> log;

    public Bench(BenchPlan plan, Consumer<String> log) {
        this.plan = plan;
        this.log = log;
    }

    public List<BenchRow> run() throws Exception {
        BenchChains chains = new BenchChains(plan.cache(), log);
        BenchChains.Cached one = chains.prepare(plan.chain(1), BenchPlan.FAR_PEERS.size());
        BenchChains.Cached big = plan.scale() > 1 ? chains.prepare(plan.chain(plan.scale()), 3) : null;
        SyncRun syncs = new SyncRun(plan.mainClass(), plan.work(), plan.syncJvmOptions(), plan.timeout());
        List<BenchRow> rows = new ArrayList<>();

        StatusReport oneExpected = status(one.source());
        BenchRow oneBound = bound("1x", one);
        rows.add(oneBound);
        rows.add(local(syncs, "1x", one, 1, oneExpected, oneBound));
        rows.add(local(syncs, "1x", one, 3, oneExpected, oneBound));
        if (big != null) {
            String x = plan.scale() + "x";
            StatusReport bigExpected = status(big.source());
            BenchRow bigBound = bound(x, big);
            rows.add(bigBound);
            rows.add(local(syncs, x, big, 1, bigExpected, bigBound));
            rows.add(local(syncs, x, big, 3, bigExpected, bigBound));
        }
        log.accept("sync from 4 far-away peers (1x) ...");
        rows.add(BenchRow.sync(
                "sync, 4 far-away peers",
                "1x",
                "10/25/50/100 ms, 8/4/2/1 MB/s",
                syncs.run("far", one, BenchPlan.FAR_PEERS, oneExpected),
                oneBound,
                BenchPlan.FAR_AGGREGATE_MBPS));
        log.accept("sync from a fast peer and a silent one (1x) ...");
        rows.add(BenchRow.sync(
                "sync, fast + silent peer",
                "1x",
                "1 local, 1 --silent",
                syncs.run("silent", one, List.of(List.of(), List.of("--silent")), oneExpected),
                oneBound,
                null));
        return rows;
    }

    private BenchRow local(
            SyncRun syncs, String x, BenchChains.Cached chain, int k, StatusReport expected, BenchRow bound)
            throws Exception {
        log.accept("sync from " + k + (k == 1 ? " local peer (" : " local peers (") + x + ") ...");
        List<List<String>> peers = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            peers.add(List.of());
        }
        SyncRun.Result r = syncs.run("local-" + x + "-k" + k, chain, peers, expected);
        return BenchRow.sync("sync, K=" + k + " local peers", x, k + " local", r, bound, null);
    }

    private BenchRow bound(String x, BenchChains.Cached chain) throws IOException, StoreException {
        log.accept("bound (" + x + "): decode, verify and push every answer on one thread ...");
        DataDirectory target = new DataDirectory(plan.work().resolve("bound-" + x));
        BenchChains.deleteTree(target.root());
        try (RocksDbBlockchain source = Stores.openAsIs(chain.source(), false);
                RocksDbBlockchain ours = target.openOrCreate(source.spec(), StoreOptions.ARCHIVE)) {
            BoundRun.Result r = new BoundRun(source, ours).run();
            if (!StatusReport.of(ours).sameChainAs(StatusReport.of(source))) {
                throw new IllegalStateException("the bound's store differs from its source");
            }
            return BenchRow.bound(x, r);
        } finally {
            BenchChains.deleteTree(target.root());
        }
    }

    private static StatusReport status(DataDirectory source) throws StoreException {
        try (RocksDbBlockchain chain = Stores.openAsIs(source, false)) {
            return StatusReport.of(chain);
        }
    }
}
