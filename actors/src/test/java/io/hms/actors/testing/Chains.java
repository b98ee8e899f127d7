package io.hms.actors.testing;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.protocol.Policy;

/** Generator options for the sync scenarios. */
public final class Chains {
    private Chains() {}

    /**
     * The scenario geometry of SPEC §6.5 (B=32, N=4, G=200) with {@code fullEpochs} epochs, then
     * {@code checkpoints} checkpoints, and {@code txsPerBatch} transfers per batch.
     */
    public static GeneratorOptions test(long seed, int fullEpochs, int checkpoints, int txsPerBatch) {
        return GeneratorOptions.defaults(seed)
                .withPolicy(Policy.TEST)
                .withShape(fullEpochs, checkpoints)
                .withTransactions(txsPerBatch, 0.0, false)
                .withSignTransfers(false);
    }

    /** The small UNIT geometry (B=4, N=4) for long chains. */
    public static GeneratorOptions unit(long seed, int fullEpochs, int checkpoints, int txsPerBatch) {
        return GeneratorOptions.defaults(seed)
                .withShape(fullEpochs, checkpoints)
                .withTransactions(txsPerBatch, 0.0, false)
                .withSignTransfers(false);
    }
}
