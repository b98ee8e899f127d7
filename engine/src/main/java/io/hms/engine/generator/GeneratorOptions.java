package io.hms.engine.generator;

import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import java.util.OptionalInt;

/**
 * What {@link ChainGenerator} produces. Two generators with equal options produce byte-identical
 * chains; a generator with {@link #forkAtEpoch} set produces the same genesis and epochs {@code 1 ..
 * k−1} as one without, and a different chain from epoch {@code k} on (its randomness for those
 * epochs comes from {@link #forkSeed}).
 *
 * @param seed root of all randomness: keys, validator rotation, transactions
 * @param policy chain geometry; its genesis block number becomes the genesis block's number
 * @param networkId network id written into every header and transfer
 * @param epochs complete epochs after genesis (each ends in an election block)
 * @param checkpointHead checkpoints of the following, unfinished epoch ({@code 0 .. N−1}): the
 *     chain then ends in the middle of an epoch with a checkpoint as macro head
 * @param txsPerBatch transfers in each non-empty batch (besides rewards, penalties and jails)
 * @param emptyBatchRatio probability that a batch records no history at all (not even rewards)
 * @param emptyFirstEpoch if set, no batch of epoch 1 records history
 * @param forkAtEpoch if present ({@code ≥ 1}), epochs from this one on use {@link #forkSeed}
 * @param forkSeed the seed of the diverging epochs
 * @param validators validators per epoch; they hold varying slot weights that sum to {@code
 *     policy.slots()} and rotate from a pool of {@code 2 × validators} keys
 * @param minTxData smallest transfer data size in bytes
 * @param maxTxData largest transfer data size in bytes (inclusive)
 * @param signTransfers if set, transfers carry real Ed25519 signatures (about 50 µs each); if not,
 *     a cheap deterministic filler that is <em>not</em> a valid signature (for large benchmarks)
 * @param genesisTimestamp the genesis block's timestamp in ms; block {@code n} is {@code
 *     blockTimeMs × (n − G)} later
 * @param blockTimeMs time between consecutive block numbers in ms
 * @param accounts the pool of accounts transfers are drawn between ({@code ≥ 2}; {@code 0} reads as
 *     {@link #DEFAULT_ACCOUNTS}, so a {@code generator.json} written before this field existed
 *     gives the same chain). Up to {@link #DEFAULT_ACCOUNTS}, or with {@link #signTransfers}, each
 *     account is a real Ed25519 key; beyond that, unsigned transfers use addresses hashed from the
 *     seed and the account number (not valid curve points, never signed with)
 */
public record GeneratorOptions(
        long seed,
        Policy policy,
        int networkId,
        int epochs,
        int checkpointHead,
        int txsPerBatch,
        double emptyBatchRatio,
        boolean emptyFirstEpoch,
        OptionalInt forkAtEpoch,
        long forkSeed,
        int validators,
        int minTxData,
        int maxTxData,
        boolean signTransfers,
        long genesisTimestamp,
        long blockTimeMs,
        int accounts) {

    /** 1 January 2025 00:00 UTC. */
    public static final long DEFAULT_GENESIS_TIMESTAMP = 1_735_689_600_000L;

    /** The account pool of every chain generated before the pool size became an option. */
    public static final int DEFAULT_ACCOUNTS = 64;

    public GeneratorOptions {
        if (accounts == 0) {
            accounts = DEFAULT_ACCOUNTS;
        }
        if (accounts < 2) {
            throw new IllegalArgumentException("accounts must be ≥ 2 (a transfer has two parties): " + accounts);
        }
        if (epochs < 0 || checkpointHead < 0 || checkpointHead >= policy.batchesPerEpoch()) {
            throw new IllegalArgumentException("epochs ≥ 0 and 0 ≤ checkpointHead < batches per epoch");
        }
        if (txsPerBatch < 0 || emptyBatchRatio < 0 || emptyBatchRatio > 1) {
            throw new IllegalArgumentException("txsPerBatch ≥ 0 and emptyBatchRatio in [0, 1]");
        }
        if (forkAtEpoch.isPresent() && forkAtEpoch.getAsInt() < 1) {
            throw new IllegalArgumentException("forkAtEpoch must be ≥ 1 (genesis is shared)");
        }
        if (validators < 1 || validators > Math.min(policy.slots(), Limits.MAX_VALIDATORS)) {
            throw new IllegalArgumentException("validators must be in 1 .. min(slots, 512): " + validators);
        }
        if (minTxData < 0 || maxTxData < minTxData || maxTxData > Limits.MAX_TX_DATA) {
            throw new IllegalArgumentException("0 ≤ minTxData ≤ maxTxData ≤ " + Limits.MAX_TX_DATA);
        }
        if (networkId < 0 || networkId > 0xFF || blockTimeMs < 1 || genesisTimestamp < 0) {
            throw new IllegalArgumentException("network id, block time or genesis timestamp out of range");
        }
    }

    /** Small, fully signed defaults on the UNIT policy: 2 epochs, 4 transfers per batch. */
    public static GeneratorOptions defaults(long seed) {
        return new GeneratorOptions(
                seed,
                Policy.UNIT,
                42,
                2,
                0,
                4,
                0.0,
                false,
                OptionalInt.empty(),
                0L,
                4,
                0,
                200,
                true,
                DEFAULT_GENESIS_TIMESTAMP,
                1000,
                DEFAULT_ACCOUNTS);
    }

    public GeneratorOptions withSeed(long value) {
        Builder b = new Builder(this);
        b.seed = value;
        return b.build();
    }

    public GeneratorOptions withPolicy(Policy value) {
        Builder b = new Builder(this);
        b.policy = value;
        return b.build();
    }

    /** Complete epochs and the checkpoints of the unfinished epoch after them. */
    public GeneratorOptions withShape(int fullEpochs, int checkpoints) {
        Builder b = new Builder(this);
        b.epochs = fullEpochs;
        b.checkpointHead = checkpoints;
        return b.build();
    }

    public GeneratorOptions withTransactions(int perBatch, double emptyRatio, boolean emptyEpochOne) {
        Builder b = new Builder(this);
        b.txsPerBatch = perBatch;
        b.emptyBatchRatio = emptyRatio;
        b.emptyFirstEpoch = emptyEpochOne;
        return b.build();
    }

    public GeneratorOptions withFork(int atEpoch, long seedOfFork) {
        Builder b = new Builder(this);
        b.forkAtEpoch = OptionalInt.of(atEpoch);
        b.forkSeed = seedOfFork;
        return b.build();
    }

    public GeneratorOptions withValidators(int count) {
        Builder b = new Builder(this);
        b.validators = count;
        return b.build();
    }

    public GeneratorOptions withTxData(int min, int max) {
        Builder b = new Builder(this);
        b.minTxData = min;
        b.maxTxData = max;
        return b.build();
    }

    public GeneratorOptions withSignTransfers(boolean value) {
        Builder b = new Builder(this);
        b.signTransfers = value;
        return b.build();
    }

    /** Transfers between a pool of {@code count} accounts ({@code 0}: the default 64). */
    public GeneratorOptions withAccounts(int count) {
        Builder b = new Builder(this);
        b.accounts = count;
        return b.build();
    }

    /** The number of batches after genesis this generator produces. */
    public long totalBatches() {
        return (long) epochs * policy.batchesPerEpoch() + checkpointHead;
    }

    /** The seed that drives epoch {@code epoch}: {@link #forkSeed} from the fork on, {@link #seed} before. */
    long seedOfEpoch(long epoch) {
        return forkAtEpoch.isPresent() && epoch >= forkAtEpoch.getAsInt() ? forkSeed : seed;
    }

    /** A mutable copy of every field, for the withers: each sets what it changes and builds. */
    private static final class Builder {
        private long seed;
        private Policy policy;
        private int networkId;
        private int epochs;
        private int checkpointHead;
        private int txsPerBatch;
        private double emptyBatchRatio;
        private boolean emptyFirstEpoch;
        private OptionalInt forkAtEpoch;
        private long forkSeed;
        private int validators;
        private int minTxData;
        private int maxTxData;
        private boolean signTransfers;
        private long genesisTimestamp;
        private long blockTimeMs;
        private int accounts;

        Builder(GeneratorOptions o) {
            seed = o.seed;
            policy = o.policy;
            networkId = o.networkId;
            epochs = o.epochs;
            checkpointHead = o.checkpointHead;
            txsPerBatch = o.txsPerBatch;
            emptyBatchRatio = o.emptyBatchRatio;
            emptyFirstEpoch = o.emptyFirstEpoch;
            forkAtEpoch = o.forkAtEpoch;
            forkSeed = o.forkSeed;
            validators = o.validators;
            minTxData = o.minTxData;
            maxTxData = o.maxTxData;
            signTransfers = o.signTransfers;
            genesisTimestamp = o.genesisTimestamp;
            blockTimeMs = o.blockTimeMs;
            accounts = o.accounts;
        }

        GeneratorOptions build() {
            return new GeneratorOptions(
                    seed,
                    policy,
                    networkId,
                    epochs,
                    checkpointHead,
                    txsPerBatch,
                    emptyBatchRatio,
                    emptyFirstEpoch,
                    forkAtEpoch,
                    forkSeed,
                    validators,
                    minTxData,
                    maxTxData,
                    signTransfers,
                    genesisTimestamp,
                    blockTimeMs,
                    accounts);
        }
    }
}
