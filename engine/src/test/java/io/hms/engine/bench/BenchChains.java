package io.hms.engine.bench;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.protocol.Policy;

/** The chain the store benchmarks push: TEST geometry, unsigned transfers with 0–200 data bytes. */
public final class BenchChains {
    private BenchChains() {}

    /** {@code epochs} epochs of {@code txsPerBatch} transfers per batch, from the benchmarks' seed. */
    public static GeneratorOptions options(int epochs, int txsPerBatch) {
        return GeneratorOptions.defaults(2024)
                .withPolicy(Policy.TEST)
                .withShape(epochs, 0)
                .withTransactions(txsPerBatch, 0.0, false)
                .withTxData(0, 200)
                .withSignTransfers(false);
    }
}
