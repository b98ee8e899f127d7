package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.Blockchain;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainGeneratorStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldApplyEveryBatchWhenWrittenIntoARocksDbStore() throws Exception {
        GeneratorOptions opts = GeneratorOptions.defaults(21).withShape(3, 2).withTransactions(5, 0.2, true);
        ChainGenerator gen = new ChainGenerator(opts);
        try (Blockchain chain = RocksDbBlockchain.create(dir.resolve("a"), gen.spec(), TestChains.TEST_STORE)) {
            WriteReport report = gen.writeTo(chain);

            assertThat(report.complete()).isTrue();
            assertThat(report.batches()).isEqualTo(14);
            GeneratedBatch last = gen.generateAll().get(13);
            assertThat(chain.macroHead()).isEqualTo(last.block());
            assertThat(chain.electionHead()).isEqualTo(gen.generateAll().get(11).block());
            assertThat(chain.totalTransactions()).isEqualTo(report.transactions());
            Policy p = opts.policy();
            assertThat(chain.historyLength(p.epochAt(last.block().blockNumber())))
                    .isEqualTo(last.historyLength());
            assertThat(chain.historyLength(1)).isZero();
        }
    }

    @Test
    void shouldReportTheFailedPushWhenTheStoreAlreadyHoldsTheChain() throws Exception {
        GeneratorOptions opts = GeneratorOptions.defaults(22).withShape(1, 0);
        try (TestChain chain = TestChains.create(dir.resolve("b"), opts)) {
            WriteReport again = chain.generator().writeTo(chain.chain());

            assertThat(again.complete()).isFalse();
            assertThat(again.batches()).isZero();
            assertThat(again.failure().orElseThrow().block())
                    .isEqualTo(chain.batches().get(0).block());
        }
    }

    @Test
    void shouldHoldTheSameChainWhenTwoStoresAreFilledFromOneSeed() throws Exception {
        GeneratorOptions opts = GeneratorOptions.defaults(23).withShape(2, 1);
        try (TestChain a = TestChains.create(dir.resolve("c"), opts);
                TestChain b = TestChains.create(dir.resolve("d"), opts);
                TestChain fork = TestChains.create(dir.resolve("e"), opts.withFork(2, 5))) {
            StoreComparison.assertSameChain(a.chain(), b.chain());
            assertThat(StoreComparison.differences(a.chain(), fork.chain())).isNotEmpty();
        }
    }
}
