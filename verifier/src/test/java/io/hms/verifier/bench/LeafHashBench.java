package io.hms.verifier.bench;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Leaf hashes (encode + BLAKE2b of a 200-byte transaction) and full tree appends, per second. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeafHashBench {
    static final int BATCH = 1024;
    private List<HistoricTransaction> txs;

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        txs = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            txs.add(TestTransactions.transfer(rnd, 1000 + i, 1_700_000_000_000L + i, 200));
        }
    }

    /** One op = one leaf hashed. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void leafHash(Blackhole bh) {
        for (HistoricTransaction tx : txs) {
            Hash h = HistoryTree.leafHash(tx);
            bh.consume(h);
        }
    }

    /** One op = one leaf appended to a fresh in-memory tree (leaf hash plus its share of merges). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Hash treeAppend() {
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore(2 * BATCH));
        tree.appendAll(txs);
        return tree.root();
    }
}
