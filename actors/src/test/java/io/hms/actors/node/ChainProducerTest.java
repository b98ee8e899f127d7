package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.PushResult;
import io.hms.engine.testing.TestChains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainProducerTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(4).withShape(1, 2).withSignTransfers(false);

    @TempDir
    Path tmp;

    @Test
    void shouldProduceTheBatchesTheLongerChainHasWhenResumedAtTheHead() throws Exception {
        List<GeneratedBatch> longer = new ChainGenerator(CHAIN.withShape(3, 0)).generateAll();
        try (var chain = TestChains.create(tmp.resolve("c"), CHAIN);
                ChainProducer producer =
                        ChainProducer.resume(chain.chain(), CHAIN).orElseThrow()) {
            int have = chain.batches().size();
            for (int i = 0; i < 4; i++) {
                assertThat(producer.produceOne()).isInstanceOf(PushResult.Extended.class);
                assertThat(chain.chain().macroHead())
                        .isEqualTo(longer.get(have + i).block());
            }
        }
    }

    @Test
    void shouldRefuseWhenTheStoreHoldsAnotherChain() throws Exception {
        try (var chain = TestChains.create(tmp.resolve("c"), CHAIN)) {
            assertThat(ChainProducer.resume(chain.chain(), CHAIN.withSeed(5))).isEmpty();
            assertThat(ChainProducer.resume(chain.chain(), CHAIN.withFork(1, 9)))
                    .isEmpty();
        }
    }

    @Test
    void shouldProduceFromGenesisWhenTheStoreIsEmpty() throws Exception {
        try (var chain = TestChains.createEmpty(tmp.resolve("c"), CHAIN);
                ChainProducer producer =
                        ChainProducer.resume(chain.chain(), CHAIN).orElseThrow()) {
            assertThat(producer.produceOne()).isInstanceOf(PushResult.Extended.class);
            assertThat(chain.chain().headBlockNumber()).isEqualTo(CHAIN.policy().macroBlockOf(1));
        }
    }

    @Test
    void shouldPushOneBatchPerIntervalOfTheSchedulerAndStopWhenClosed() throws Exception {
        ActorTestKit kit = ActorTestKit.create(ManualTime.config());
        ManualTime time = ManualTime.get(kit.system());
        Duration every = Duration.ofSeconds(5);
        try (var chain = TestChains.create(tmp.resolve("c"), CHAIN)) {
            long head = chain.chain().headBlockNumber();
            long batch = CHAIN.policy().blocksPerBatch();
            ChainProducer producer =
                    ChainProducer.resume(chain.chain(), CHAIN).orElseThrow().every(every, kit.system());

            time.timePasses(every.multipliedBy(2));
            kit.createTestProbe()
                    .awaitAssert(
                            Duration.ofSeconds(10),
                            () -> assertThat(chain.chain().headBlockNumber()).isEqualTo(head + 2 * batch));
            producer.close();
            time.timePasses(every.multipliedBy(3));
            Thread.sleep(100);

            assertThat(chain.chain().headBlockNumber())
                    .as("nothing after close")
                    .isEqualTo(head + 2 * batch);
        } finally {
            kit.shutdownTestKit();
        }
    }
}
