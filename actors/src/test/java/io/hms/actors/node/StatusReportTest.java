package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReportTest {
    private static final GeneratorOptions CHAIN = GeneratorOptions.defaults(6)
            .withShape(3, 2)
            .withTransactions(30, 0.0, false)
            .withSignTransfers(false);

    @TempDir
    Path tmp;

    @Test
    void shouldListEveryEpochWithARootMatchingItsHeaderWhenTheChainEndsInACheckpoint() throws Exception {
        try (var chain = TestChains.create(tmp.resolve("c"), CHAIN)) {
            StatusReport r = StatusReport.of(chain.chain());

            assertThat(r.completeEpochs()).isEqualTo(3);
            assertThat(r.history()).extracting(StatusReport.EpochHistory::epoch).containsExactly(1L, 2L, 3L, 4L);
            assertThat(r.history()).allMatch(StatusReport.EpochHistory::matchesHeader);
            assertThat(r.macroHead().kind()).isEqualTo("checkpoint");
            assertThat(r.electionHead().kind()).isEqualTo("election");
            assertThat(r.transactions())
                    .isEqualTo(chain.batches().stream()
                            .mapToLong(b -> b.items().size())
                            .sum());
            assertThat(r.pruned()).isFalse();
        }
    }

    @Test
    void shouldBeTheSameChainWhenTwoStoresHoldTheSameBlocks() throws Exception {
        try (var a = TestChains.create(tmp.resolve("a"), CHAIN);
                var b = TestChains.create(tmp.resolve("b"), CHAIN);
                var shorter = TestChains.create(tmp.resolve("s"), CHAIN.withShape(3, 1))) {
            assertThat(StatusReport.of(a.chain()).sameChainAs(StatusReport.of(b.chain())))
                    .isTrue();
            assertThat(StatusReport.of(a.chain()).sameChainAs(StatusReport.of(shorter.chain())))
                    .isFalse();
        }
    }

    @Test
    void shouldShowOnlyTheLatestEpochsWhenPruned() throws Exception {
        try (var pruned = TestChains.create(tmp.resolve("p"), CHAIN, StoreOptions.PRUNED.withSyncWrites(false))) {
            StatusReport r = StatusReport.of(pruned.chain());

            assertThat(r.pruned()).isTrue();
            assertThat(r.services()).isEqualTo("NONE");
            assertThat(r.history()).extracting(StatusReport.EpochHistory::epoch).doesNotContain(1L, 2L);
        }
    }

    @Test
    void shouldReportGenesisAsBothHeadsWhenTheStoreIsEmpty() throws Exception {
        try (var empty = TestChains.createEmpty(tmp.resolve("e"), CHAIN)) {
            StatusReport r = StatusReport.of(empty.chain());

            assertThat(r.macroHead().kind()).isEqualTo("genesis");
            assertThat(r.history()).isEmpty();
            assertThat(r.transactions()).isZero();
        }
    }
}
