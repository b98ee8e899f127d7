package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.testing.GeneratedChainCheck;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.Penalty;
import io.hms.protocol.model.Transfer;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.crypto.Ed25519;
import io.hms.verifier.mmr.HistoryTree;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChainGeneratorTest {

    private static final GeneratorOptions SMALL = GeneratorOptions.defaults(7).withShape(3, 2);

    @Test
    void shouldVerifyEndToEndWhenGeneratedWithDefaults() {
        ChainGenerator gen = new ChainGenerator(SMALL);
        List<GeneratedBatch> batches = gen.generateAll();

        assertThat(batches).hasSize(3 * 4 + 2);
        assertThat(GeneratedChainCheck.problems(gen.spec(), batches)).isEmpty();
    }

    @Test
    void shouldVerifyEndToEndWhenShapesAndPoliciesVary() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 12; i++) {
            Policy policy = new Policy(1 + rnd.nextInt(6), 1 + rnd.nextInt(5), rnd.nextInt(300), 1 + rnd.nextInt(600));
            GeneratorOptions opts = GeneratorOptions.defaults(rnd.nextLong())
                    .withValidators(1)
                    .withPolicy(policy)
                    .withShape(rnd.nextInt(3), rnd.nextInt(policy.batchesPerEpoch()))
                    .withTransactions(rnd.nextInt(6), rnd.nextDouble(), rnd.nextBoolean())
                    .withValidators(1 + rnd.nextInt(Math.min(policy.slots(), 9)))
                    .withSignTransfers(rnd.nextBoolean());
            ChainGenerator gen = new ChainGenerator(opts);
            assertThat(GeneratedChainCheck.problems(gen.spec(), gen.generateAll()))
                    .as("seed %d, case %d, %s", seed, i, opts)
                    .isEmpty();
        }
    }

    @Test
    void shouldDescribeAnEmptyElectionBlockWhenGenesisIsBuilt() {
        ChainGenerator gen = new ChainGenerator(SMALL.withPolicy(Policy.TEST));
        MacroBlock genesis = gen.genesis();

        assertThat(genesis.blockNumber()).isEqualTo(200);
        assertThat(genesis.header().parentHash().unsafeBytes()).containsOnly(0);
        assertThat(genesis.header().parentElectionHash().unsafeBytes()).containsOnly(0);
        assertThat(genesis.header().historyRoot()).isEqualTo(HistoryTree.emptyRoot());
        assertThat(genesis.justification()).isEmpty();
        assertThat(gen.spec().genesisValidators().totalSlots()).isEqualTo(512);
        assertThat(gen.spec().genesisValidators().size()).isEqualTo(4);
    }

    @Test
    void shouldSignTransfersOverTheirEncodingWithoutSignatureWhenSigningIsOn() {
        List<Transfer> transfers = transfers(new ChainGenerator(SMALL).generateAll());

        assertThat(transfers).hasSizeGreaterThan(20);
        for (Transfer t : transfers) {
            byte[] message = TransferSigning.message(
                    t.networkId(), t.sender(), t.recipient(), t.value(), t.fee(), t.validityStartHeight(), t.data());
            assertThat(Ed25519.verify(t.sender(), message, t.signature())).isTrue();
        }
    }

    @Test
    void shouldFillInvalidSignaturesWhenSigningIsOff() {
        List<Transfer> transfers = transfers(new ChainGenerator(SMALL.withSignTransfers(false)).generateAll());

        assertThat(transfers)
                .isNotEmpty()
                .noneMatch(t -> Ed25519.verify(
                        t.sender(),
                        TransferSigning.message(
                                t.networkId(),
                                t.sender(),
                                t.recipient(),
                                t.value(),
                                t.fee(),
                                t.validityStartHeight(),
                                t.data()),
                        t.signature()));
    }

    @Test
    void shouldMixDataSizesRewardsPenaltiesAndJailsWhenBatchesAreLong() {
        GeneratorOptions opts = GeneratorOptions.defaults(3).withShape(10, 0).withTxData(0, 200);
        List<GeneratedBatch> batches = new ChainGenerator(opts).generateAll();
        List<HistoricTransaction> all =
                batches.stream().flatMap(b -> b.items().stream()).toList();

        int[] sizes = transfers(batches).stream().mapToInt(t -> t.data().size()).toArray();
        assertThat(Arrays.stream(sizes).min().orElseThrow()).isLessThan(20);
        assertThat(Arrays.stream(sizes).max().orElseThrow()).isGreaterThan(180).isLessThanOrEqualTo(200);
        assertThat(all).anyMatch(tx -> tx.data() instanceof Penalty).anyMatch(tx -> tx.data() instanceof Jail);
        for (GeneratedBatch b : batches) {
            long rewards = b.items().stream()
                    .filter(tx -> tx.data() instanceof io.hms.protocol.model.BatchReward)
                    .peek(tx -> assertThat(tx.blockNumber()).isEqualTo(b.block().blockNumber()))
                    .count();
            assertThat(rewards).isEqualTo(4);
        }
    }

    @Test
    void shouldIncreaseTimestampsAndRotateValidatorsWhenEpochsPass() {
        ChainGenerator gen = new ChainGenerator(SMALL);
        List<GeneratedBatch> batches = gen.generateAll();
        long previous = gen.genesis().header().timestamp();
        for (GeneratedBatch b : batches) {
            assertThat(b.block().header().timestamp()).isGreaterThan(previous);
            previous = b.block().header().timestamp();
            for (HistoricTransaction tx : b.items()) {
                assertThat(tx.blockTime()).isLessThanOrEqualTo(previous);
            }
        }
        List<ValidatorSet> sets = batches.stream()
                .filter(b -> b.block().hasNextValidators())
                .map(b -> b.block().body().nextValidators().orElseThrow())
                .toList();
        assertThat(sets)
                .hasSize(3)
                .doesNotHaveDuplicates()
                .doesNotContain(gen.spec().genesisValidators());
    }

    @Test
    void shouldProduceByteIdenticalChainsWhenSeedsAreEqual() {
        GeneratorOptions opts = SMALL.withTransactions(6, 0.2, false);

        byte[] first = encode(new ChainGenerator(opts));
        byte[] second = encode(new ChainGenerator(opts));
        byte[] other = encode(new ChainGenerator(opts.withSeed(8)));

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldRestartFromTheBeginningWhenBatchesIsCalledAgain() {
        ChainGenerator gen = new ChainGenerator(SMALL);
        List<GeneratedBatch> first = gen.generateAll();

        assertThat(gen.generateAll()).isEqualTo(first);
        assertThat(gen.stream().toList()).isEqualTo(first);
    }

    @Test
    void shouldShareThePrefixAndDifferFromEpochKWhenForked() {
        GeneratorOptions base = GeneratorOptions.defaults(11).withShape(4, 1);
        List<GeneratedBatch> main = new ChainGenerator(base).generateAll();
        ChainGenerator forkGen = new ChainGenerator(base.withFork(3, 99));
        List<GeneratedBatch> fork = forkGen.generateAll();
        Policy p = base.policy();

        assertThat(fork).hasSameSizeAs(main);
        for (int i = 0; i < main.size(); i++) {
            long epoch = p.epochAt(main.get(i).block().blockNumber());
            if (epoch < 3) {
                assertThat(fork.get(i)).as("batch %d of epoch %d", i, epoch).isEqualTo(main.get(i));
            } else {
                assertThat(fork.get(i).block().hash())
                        .as("batch %d of epoch %d", i, epoch)
                        .isNotEqualTo(main.get(i).block().hash());
            }
        }
        assertThat(GeneratedChainCheck.problems(forkGen.spec(), fork)).isEmpty();
    }

    @Test
    void shouldStopMidEpochWhenCheckpointHeadIsSet() {
        GeneratorOptions opts = GeneratorOptions.defaults(5).withShape(1, 3);
        List<GeneratedBatch> batches = new ChainGenerator(opts).generateAll();
        Policy p = opts.policy();
        MacroBlock last = batches.get(batches.size() - 1).block();

        assertThat(batches).hasSize(4 + 3);
        assertThat(p.isCheckpointBlockAt(last.blockNumber())).isTrue();
        assertThat(p.epochAt(last.blockNumber())).isEqualTo(2);
        assertThat(last.blockNumber()).isEqualTo(p.macroBlockOf(7));
    }

    @Test
    void shouldRecordNoHistoryWhenTheFirstEpochIsEmptyOrEveryBatchIsEmpty() {
        GeneratorOptions firstEmpty =
                GeneratorOptions.defaults(5).withShape(2, 0).withTransactions(5, 0, true);
        List<GeneratedBatch> batches = new ChainGenerator(firstEmpty).generateAll();
        assertThat(batches.subList(0, 4)).allSatisfy(b -> {
            assertThat(b.items()).isEmpty();
            assertThat(b.block().header().historyRoot()).isEqualTo(HistoryTree.emptyRoot());
        });
        assertThat(batches.subList(4, 8)).allSatisfy(b -> assertThat(b.items()).isNotEmpty());

        GeneratorOptions allEmpty = GeneratorOptions.defaults(5).withShape(2, 1).withTransactions(5, 1.0, false);
        ChainGenerator gen = new ChainGenerator(allEmpty);
        assertThat(gen.generateAll()).allSatisfy(b -> assertThat(b.items()).isEmpty());
        assertThat(GeneratedChainCheck.problems(gen.spec(), gen.generateAll())).isEmpty();
    }

    private static List<Transfer> transfers(List<GeneratedBatch> batches) {
        return batches.stream()
                .flatMap(b -> b.items().stream())
                .filter(tx -> tx.data() instanceof Transfer)
                .map(tx -> (Transfer) tx.data())
                .toList();
    }

    private static byte[] encode(ChainGenerator gen) {
        Writer w = new Writer();
        MacroBlock.CODEC.write(w, gen.genesis());
        gen.batches().forEachRemaining(b -> {
            MacroBlock.CODEC.write(w, b.block());
            w.varint(b.firstLeafIndex()).list(b.items(), HistoricTransaction.CODEC);
        });
        return w.toByteArray();
    }
}
