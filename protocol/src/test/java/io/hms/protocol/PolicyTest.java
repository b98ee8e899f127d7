package io.hms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Chain geometry of SPEC §1 across the presets, with and without a non-zero genesis number. */
class PolicyTest {

    static List<Policy> policies() {
        return List.of(
                Policy.MAINNET,
                Policy.TEST,
                Policy.UNIT,
                Policy.MAINNET.withGenesis(21_600),
                Policy.UNIT.withGenesis(7),
                Policy.TEST.withGenesis(0));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void shouldTreatGenesisAsElectionBlockOfEpochZeroWhenAtGenesis(Policy p) {
        long g = p.genesisBlockNumber();
        assertThat(p.isMacroBlockAt(g)).isTrue();
        assertThat(p.isElectionBlockAt(g)).isTrue();
        assertThat(p.isCheckpointBlockAt(g)).isFalse();
        assertThat(p.isMicroBlockAt(g)).isFalse();
        assertThat(p.epochAt(g)).isZero();
        assertThat(p.batchAt(g)).isZero();
        assertThat(p.epochIndexAt(g)).isEqualTo(p.blocksPerEpoch() - 1);
        assertThat(p.batchIndexAt(g)).isEqualTo(p.blocksPerBatch() - 1);
        assertThat(p.electionBlockOf(0)).isEqualTo(g);
        assertThat(p.macroBlockOf(0)).isEqualTo(g);
        assertThat(p.macroBlockBefore(g)).isEmpty();
        assertThat(p.macroBlockAfter(g)).isEqualTo(g + p.blocksPerBatch());
        assertThat(p.lastMacroBlock(g)).hasValue(g);
        assertThat(p.electionBlockBefore(g)).hasValue(g);
        assertThat(p.lastElectionBlock(g)).hasValue(g);
        assertThat(p.electionBlockAfter(g)).isEqualTo(g + p.blocksPerEpoch());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void shouldAnswerEmptyNeverThrowWhenAskedForMacroBlockBeforeOrNearGenesis(Policy p) {
        long g = p.genesisBlockNumber();
        for (long n = Math.max(0, g - 3); n <= g; n++) {
            assertThat(p.macroBlockBefore(n)).as("macroBlockBefore(%d)", n).isEmpty();
            assertThat(p.macroBlockAfter(n)).as("macroBlockAfter(%d)", n).isEqualTo(n < g ? g : g + p.blocksPerBatch());
            assertThat(p.epochAt(n)).isZero();
            assertThat(p.isMacroBlockAt(n)).isEqualTo(n == g);
            assertThat(p.isElectionBlockAt(n)).isEqualTo(n == g);
            if (n < g) {
                assertThat(p.lastMacroBlock(n)).isEmpty();
                assertThat(p.electionBlockBefore(n)).isEmpty();
                assertThat(p.lastElectionBlock(n)).isEmpty();
                assertThat(p.isMicroBlockAt(n)).isFalse();
                assertThat(p.electionBlockAfter(n)).isEqualTo(g);
            }
        }
        assertThat(p.macroBlockBefore(g + 1)).hasValue(g);
        assertThat(p.macroBlockBefore(g + p.blocksPerBatch())).hasValue(g);
        assertThat(p.macroBlockBefore(g + p.blocksPerBatch() + 1)).hasValue(g + p.blocksPerBatch());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void shouldPlaceFirstAndLastBlockOfEpochWhenEpochIsGiven(Policy p) {
        long g = p.genesisBlockNumber();
        long e = p.blocksPerEpoch();
        for (long epoch : new long[] {1, 2, 3, 1000}) {
            long first = p.firstBlockOf(epoch);
            long election = p.electionBlockOf(epoch);
            assertThat(first).isEqualTo(g + (epoch - 1) * e + 1);
            assertThat(election).isEqualTo(g + epoch * e);
            assertThat(p.epochAt(first)).isEqualTo(epoch);
            assertThat(p.epochAt(election)).isEqualTo(epoch);
            assertThat(p.epochAt(election + 1)).isEqualTo(epoch + 1);
            assertThat(p.epochIndexAt(first)).isZero();
            assertThat(p.epochIndexAt(election)).isEqualTo(e - 1);
            assertThat(p.firstBatchOfEpoch(first)).isTrue();
            assertThat(p.firstBatchOfEpoch(election)).isEqualTo(p.batchesPerEpoch() == 1);
            assertThat(p.isElectionBlockAt(election)).isTrue();
            assertThat(p.isElectionBlockAt(first)).isFalse();
            assertThat(p.isMicroBlockAt(first)).isEqualTo(p.blocksPerBatch() > 1);
            assertThat(p.electionBlockAfter(first)).isEqualTo(election);
            assertThat(p.electionBlockAfter(election)).isEqualTo(election + e);
            assertThat(p.electionBlockBefore(election)).hasValue(election - e);
            assertThat(p.electionBlockBefore(election + 1)).hasValue(election);
            assertThat(p.lastElectionBlock(election)).hasValue(election);
            assertThat(p.lastElectionBlock(election - 1)).hasValue(election - e);
            assertThat(p.macroBlockBefore(election)).hasValue(election - p.blocksPerBatch());
            assertThat(p.macroBlockAfter(election)).isEqualTo(election + p.blocksPerBatch());
            assertThat(p.batchAt(election)).isEqualTo(epoch * p.batchesPerEpoch());
            assertThat(p.firstBlockOfBatch(p.batchAt(first))).isEqualTo(first);
        }
    }

    @Test
    void shouldMatchSpecWorkedExampleWhenTestPolicyIsUsed() {
        Policy p = Policy.TEST;
        assertThat(p.firstBlockOf(1)).isEqualTo(201);
        assertThat(p.electionBlockOf(1)).isEqualTo(328);
        assertThat(p.firstBlockOf(2)).isEqualTo(329);
        assertThat(p.electionBlockOf(2)).isEqualTo(456);
        assertThat(macroBlocksIn(p, 201, 328)).containsExactly(232L, 264L, 296L, 328L);
        assertThat(macroBlocksIn(p, 329, 456)).containsExactly(360L, 392L, 424L, 456L);
        for (long n : new long[] {232, 264, 296, 360, 392, 424}) {
            assertThat(p.isCheckpointBlockAt(n)).as("%d", n).isTrue();
            assertThat(p.isElectionBlockAt(n)).as("%d", n).isFalse();
        }
        assertThat(p.isElectionBlockAt(328)).isTrue();
        assertThat(p.isCheckpointBlockAt(328)).isFalse();
        for (long n = 201; n <= 328; n++) {
            assertThat(p.epochAt(n)).as("%d", n).isEqualTo(1);
        }
        assertThat(p.epochAt(200)).isZero();
        assertThat(p.epochAt(329)).isEqualTo(2);
        assertThat(p.batchAt(232)).isEqualTo(1);
        assertThat(p.batchAt(233)).isEqualTo(2);
        assertThat(p.macroBlockOf(3)).isEqualTo(296);
        assertThat(p.firstBlockOfBatch(2)).isEqualTo(233);
        assertThat(p.macroBlockBefore(232)).hasValue(200);
        assertThat(p.macroBlockBefore(233)).hasValue(232);
        assertThat(p.macroBlockAfter(232)).isEqualTo(264);
        assertThat(p.lastMacroBlock(263)).hasValue(232);
        assertThat(p.electionBlockAfter(232)).isEqualTo(328);
        assertThat(p.electionBlockBefore(328)).hasValue(200);
        assertThat(p.electionBlockBefore(329)).hasValue(328);
        assertThat(p.twoFPlusOne()).isEqualTo(342);
    }

    /** Every closed-form function against a block-by-block definition, over three epochs. */
    @ParameterizedTest
    @MethodSource("policies")
    void shouldAgreeWithBlockByBlockDefinitionWhenWalkingTheFirstEpochs(Policy p) {
        long g = p.genesisBlockNumber();
        long start = Math.max(0, g - 2);
        long end = g + 3 * p.blocksPerEpoch() + 2;
        if (p.blocksPerEpoch() <= 10_000) {
            for (long n = start; n <= end; n++) {
                assertDefinitions(p, n);
            }
        } else { // MAINNET's 130k blocks: both sides of every macro block, and a stride in between
            for (long m = g; m <= end; m += p.blocksPerBatch()) {
                for (long n = Math.max(start, m - 1); n <= m + 1; n++) {
                    assertDefinitions(p, n);
                }
            }
            for (long n = start; n <= end; n += 97) {
                assertDefinitions(p, n);
            }
        }
        long seed = Seeds.forCase("policy-" + p, 0);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            long n = g + random.nextLong(Policy.MAX_BLOCK_NUMBER - g - 2 * p.blocksPerEpoch());
            assertThat(p.macroBlockAfter(n))
                    .as("%s n=%d %s", p, n, Seeds.describe(seed))
                    .isGreaterThan(n);
            assertThat(p.macroBlockAfter(n) - n).isLessThanOrEqualTo(p.blocksPerBatch());
            assertThat(p.isMacroBlockAt(p.macroBlockAfter(n))).isTrue();
            assertThat(p.macroBlockBefore(n + 1).getAsLong()).isLessThanOrEqualTo(n);
            assertThat(p.isElectionBlockAt(p.electionBlockOf(p.epochAt(n)))).isTrue();
            assertThat(p.epochAt(p.firstBlockOf(p.epochAt(n + 1)))).isEqualTo(p.epochAt(n + 1));
        }
    }

    private static void assertDefinitions(Policy p, long n) {
        long g = p.genesisBlockNumber();
        boolean macro = n >= g && (n - g) % p.blocksPerBatch() == 0;
        boolean election = n >= g && (n - g) % p.blocksPerEpoch() == 0;
        String at = p + " n=" + n;
        assertThat(p.isMacroBlockAt(n)).as(at).isEqualTo(macro);
        assertThat(p.isMicroBlockAt(n)).as(at).isEqualTo(n >= g && !macro);
        assertThat(p.isElectionBlockAt(n)).as(at).isEqualTo(election);
        assertThat(p.isCheckpointBlockAt(n)).as(at).isEqualTo(macro && !election);
        assertThat(p.macroBlockBefore(n)).as(at).isEqualTo(scanBack(p, n - 1, false));
        assertThat(p.lastMacroBlock(n)).as(at).isEqualTo(scanBack(p, n, false));
        assertThat(p.lastElectionBlock(n)).as(at).isEqualTo(scanBack(p, n, true));
        if (n > g) {
            assertThat(p.electionBlockBefore(n)).as(at).isEqualTo(scanBack(p, n - 1, true));
            long epoch = p.epochAt(n);
            assertThat(n).as(at).isBetween(p.firstBlockOf(epoch), p.electionBlockOf(epoch));
            long batch = p.batchAt(n);
            assertThat(n).as(at).isBetween(p.firstBlockOfBatch(batch), p.macroBlockOf(batch));
            assertThat(p.epochIndexAt(n)).as(at).isEqualTo(n - p.firstBlockOf(epoch));
            assertThat(p.batchIndexAt(n)).as(at).isEqualTo(n - p.firstBlockOfBatch(batch));
        }
        long after = p.macroBlockAfter(n);
        assertThat(after).as(at).isGreaterThan(n);
        assertThat(p.isMacroBlockAt(after)).as(at).isTrue();
        assertThat(scanBack(p, after - 1, false).orElse(-1)).as(at).isLessThanOrEqualTo(n);
        long electionAfter = p.electionBlockAfter(n);
        assertThat(p.isElectionBlockAt(electionAfter)).as(at).isTrue();
        assertThat(scanBack(p, electionAfter - 1, true).orElse(-1)).as(at).isLessThanOrEqualTo(n);
    }

    /**
     * The largest macro (or election) block number ≤ n by the definitions alone: step back one block
     * at a time to a macro block, then (for an election block) one batch at a time.
     */
    private static OptionalLong scanBack(Policy p, long n, boolean election) {
        long g = p.genesisBlockNumber();
        long m = n;
        while (m >= g && (m - g) % p.blocksPerBatch() != 0) {
            m--;
        }
        while (election && m >= g && (m - g) % p.blocksPerEpoch() != 0) {
            m -= p.blocksPerBatch();
        }
        return m >= g ? OptionalLong.of(m) : OptionalLong.empty();
    }

    private static List<Long> macroBlocksIn(Policy p, long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            if (p.isMacroBlockAt(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void shouldResolvePresetsWhenLookedUpByName() {
        assertThat(Policy.byName("MAINNET")).isEqualTo(Policy.MAINNET);
        assertThat(Policy.byName("test")).isEqualTo(Policy.TEST);
        assertThat(Policy.byName("unit")).isEqualTo(Policy.UNIT);
        assertThat(Policy.MAINNET.blocksPerEpoch()).isEqualTo(43_200);
        assertThat(Policy.TEST.blocksPerEpoch()).isEqualTo(128);
        assertThat(Policy.TEST.genesisBlockNumber()).isEqualTo(200);
        assertThatThrownBy(() -> Policy.byName("devnet")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Policy(0, 4, 0, 512)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.UNIT.withGenesis(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
