package io.hms.verifier.bench;

import io.hms.protocol.model.Hash;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.ProofException;
import io.hms.verifier.testing.TestTransactions;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Size-proof verifications per second (a multi-peak tree: one 72-byte BLAKE2b per check). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SizeProofBench {
    private SizeProof proof;
    private Hash root;

    @Setup
    public void setup() throws ProofException {
        Random rnd = new Random(4);
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        for (int i = 0; i < 3000; i++) {
            tree.append(TestTransactions.reward(rnd, i, i));
        }
        proof = tree.proveSize(3000, null);
        root = tree.root();
    }

    @Benchmark
    public VerifyResult verifySize() {
        return HistoryProofVerifier.verifySize(proof, root);
    }
}
