package io.hms.protocol;

import java.util.OptionalLong;

/**
 * Chain geometry (SPEC §1): blocks per batch {@code B}, batches per epoch {@code N}, the genesis
 * block number {@code G} and the validator slots. Block numbers are unsigned 32-bit values held in
 * a {@code long}. Functions that are undefined for some inputs (the macro block before genesis)
 * return an empty {@link OptionalLong} instead of throwing.
 */
public record Policy(int blocksPerBatch, int batchesPerEpoch, long genesisBlockNumber, int slots) {

    /** 60 blocks per batch, 720 batches per epoch, 512 slots. */
    public static final Policy MAINNET = new Policy(60, 720, 0, 512);
    /** The original's unit-test geometry used by the scenarios of SPEC §6: B=32, N=4, G=200. */
    public static final Policy TEST = new Policy(32, 4, 200, 512);
    /** Small geometry for fast tests: B=4, N=4, G=0. */
    public static final Policy UNIT = new Policy(4, 4, 0, 512);

    public static final long MAX_BLOCK_NUMBER = 0xFFFF_FFFFL;

    public Policy {
        if (blocksPerBatch < 1 || batchesPerEpoch < 1 || slots < 1 || slots > 0xFFFF) {
            throw new IllegalArgumentException(
                    "invalid policy " + blocksPerBatch + "/" + batchesPerEpoch + "/" + slots);
        }
        if (genesisBlockNumber < 0 || genesisBlockNumber > MAX_BLOCK_NUMBER) {
            throw new IllegalArgumentException("genesis block number out of range: " + genesisBlockNumber);
        }
    }

    /** The same geometry with another genesis block number (G comes from the genesis block). */
    public Policy withGenesis(long genesis) {
        return new Policy(blocksPerBatch, batchesPerEpoch, genesis, slots);
    }

    public static Policy byName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "mainnet" -> MAINNET;
            case "test" -> TEST;
            case "unit" -> UNIT;
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (mainnet, test, unit)");
        };
    }

    public long blocksPerEpoch() {
        return (long) blocksPerBatch * batchesPerEpoch;
    }

    /** {@code ⌈2·slots/3⌉}: the signer slots a justification needs. */
    public int twoFPlusOne() {
        return (2 * slots + 2) / 3;
    }

    private long r(long n) {
        return n - genesisBlockNumber;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    public long epochAt(long n) {
        return n <= genesisBlockNumber ? 0 : ceilDiv(r(n), blocksPerEpoch());
    }

    public long batchAt(long n) {
        return n <= genesisBlockNumber ? 0 : ceilDiv(r(n), blocksPerBatch);
    }

    public long epochIndexAt(long n) {
        return n < genesisBlockNumber ? n : (r(n) + blocksPerEpoch() - 1) % blocksPerEpoch();
    }

    public long batchIndexAt(long n) {
        return n < genesisBlockNumber ? n : (r(n) + blocksPerBatch - 1) % blocksPerBatch;
    }

    public boolean isMacroBlockAt(long n) {
        return n >= genesisBlockNumber && r(n) % blocksPerBatch == 0;
    }

    public boolean isMicroBlockAt(long n) {
        return n >= genesisBlockNumber && r(n) % blocksPerBatch != 0;
    }

    /** True for genesis and every epoch's last block. Below genesis: false (the original's quirk is not kept). */
    public boolean isElectionBlockAt(long n) {
        return n >= genesisBlockNumber && r(n) % blocksPerEpoch() == 0;
    }

    /** A macro block that is not an election block. */
    public boolean isCheckpointBlockAt(long n) {
        return isMacroBlockAt(n) && !isElectionBlockAt(n);
    }

    /** The first macro block strictly after {@code n}. */
    public long macroBlockAfter(long n) {
        return n < genesisBlockNumber
                ? genesisBlockNumber
                : genesisBlockNumber + (r(n) / blocksPerBatch + 1) * blocksPerBatch;
    }

    /** The last macro block strictly before {@code n}; empty for {@code n ≤ G}. */
    public OptionalLong macroBlockBefore(long n) {
        if (n <= genesisBlockNumber) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(genesisBlockNumber + (r(n) - 1) / blocksPerBatch * blocksPerBatch);
    }

    /** The last macro block at or before {@code n}; empty for {@code n < G}. */
    public OptionalLong lastMacroBlock(long n) {
        if (n < genesisBlockNumber) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(genesisBlockNumber + r(n) / blocksPerBatch * blocksPerBatch);
    }

    public long electionBlockAfter(long n) {
        return n < genesisBlockNumber
                ? genesisBlockNumber
                : genesisBlockNumber + (r(n) / blocksPerEpoch() + 1) * blocksPerEpoch();
    }

    /** The last election block strictly before {@code n}; genesis for {@code n = G}; empty for {@code n < G}. */
    public OptionalLong electionBlockBefore(long n) {
        if (n < genesisBlockNumber) {
            return OptionalLong.empty();
        }
        if (n == genesisBlockNumber) {
            return OptionalLong.of(genesisBlockNumber);
        }
        return OptionalLong.of(genesisBlockNumber + (r(n) - 1) / blocksPerEpoch() * blocksPerEpoch());
    }

    /** The last election block at or before {@code n}; empty for {@code n < G}. */
    public OptionalLong lastElectionBlock(long n) {
        if (n < genesisBlockNumber) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(genesisBlockNumber + r(n) / blocksPerEpoch() * blocksPerEpoch());
    }

    /** First block of epoch {@code e ≥ 1}. */
    public long firstBlockOf(long epoch) {
        return genesisBlockNumber + (epoch - 1) * blocksPerEpoch() + 1;
    }

    /** The election block that closes epoch {@code e} (genesis for e = 0). */
    public long electionBlockOf(long epoch) {
        return genesisBlockNumber + epoch * blocksPerEpoch();
    }

    public long firstBlockOfBatch(long batch) {
        return genesisBlockNumber + (batch - 1) * blocksPerBatch + 1;
    }

    public long macroBlockOf(long batch) {
        return genesisBlockNumber + batch * blocksPerBatch;
    }

    public boolean firstBatchOfEpoch(long n) {
        return epochIndexAt(n) < blocksPerBatch;
    }
}
