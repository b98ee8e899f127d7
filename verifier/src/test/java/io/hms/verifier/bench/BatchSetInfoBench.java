package io.hms.verifier.bench;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import io.hms.verifier.testing.TestChain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full batch set info verification: a TEST-policy epoch (B = 32, N = 4) served as four batch
 * sets plus the election block, every block signed by all of 64 validators (256 signatures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchSetInfoBench {
    private final BatchSetInfoVerifier verifier = new BatchSetInfoVerifier();
    private BatchSetInfo info;
    private MacroBlock election;
    private BatchSetVerifyState state;

    @Setup
    public void setup() {
        TestChain chain = TestChain.rotating(Policy.TEST, 1, 64, 5).addBatches(4, 100);
        election = chain.head();
        info = chain.batchSetInfo(election);
        state = chain.stateAfter(chain.genesis());
        if (!(verify() instanceof BatchSetInfoVerifier.Accepted)) {
            throw new IllegalStateException("benchmark info does not verify");
        }
    }

    @Benchmark
    public BatchSetInfoVerifier.Outcome verify() {
        return verifier.verify(info, election.hash(), state, Policy.TEST);
    }
}
