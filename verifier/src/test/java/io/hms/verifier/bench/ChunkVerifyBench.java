package io.hms.verifier.bench;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.ProofException;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifications per second of one complete 1024-leaf chunk (200-byte transactions) in the middle
 * of a 5000-leaf epoch tree: the client's per-chunk cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkVerifyBench {
    static final int LEAVES = 5000;
    private Hash root;
    private RangeProof proof;
    private List<HistoricTransaction> chunk;

    @Setup
    public void setup() throws ProofException {
        Random rnd = new Random(2);
        List<HistoricTransaction> txs = new ArrayList<>();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        for (int i = 0; i < LEAVES; i++) {
            HistoricTransaction tx = TestTransactions.transfer(rnd, 1000 + i / 10, 1_700_000_000_000L + i, 200);
            txs.add(tx);
            tree.append(tx);
        }
        root = tree.root();
        proof = tree.proveRange(2048, 1024, LEAVES);
        chunk = List.copyOf(txs.subList(2048, 3072));
        if (!verifyChunk().isValid()) {
            throw new IllegalStateException("benchmark chunk does not verify");
        }
    }

    @Benchmark
    public VerifyResult verifyChunk() {
        return HistoryProofVerifier.verifyChunk(proof, root, LEAVES, 2, chunk);
    }
}
