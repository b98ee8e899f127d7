package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.RequestBatchSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real chain shape over TCP (issue 10): MAINNET geometry (60 blocks per batch, 720 batches per
 * epoch) with 32 validators — CI-sized; the 512-validator run is measured in docs/BENCHMARKS.md. A
 * generated node that marks batch-set boundaries by history size serves epochs as a few batch sets
 * with link headers between them; a node that history-synced from it alone serves every block it
 * pushed; a third node syncs from that one alone. All three stores hold the same chain.
 */
class MainnetShapeTest {
    /** One epoch and three checkpoints, 3 transfers per batch: 2 160 transfers plus rewards per epoch. */
    static final GeneratorOptions CHAIN = GeneratorOptions.defaults(41)
            .withPolicy(Policy.MAINNET)
            .withShape(1, 3)
            .withTransactions(3, 0.0, false)
            .withSignTransfers(false)
            .withValidators(32);
    /** A boundary about every 130 transactions: dozens of batch sets per epoch instead of one or 720. */
    static final StoreOptions FOLLOWED =
            StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(20_000);

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void aMainnetShapedChainSyncsFromOneGeneratedPeerAndThenFromTheHistorySyncedNodeAlone() throws Exception {
        TestChain a = net.followedChain("a", CHAIN, FOLLOWED);
        BatchSetInfo served = epochOneInfo(a.chain());
        assertThat(served.batchSets())
                .as("a followed node lists boundaries, not every checkpoint")
                .hasSizeBetween(2, 719);
        assertThat(served.links())
                .as("the checkpoints between boundaries travel as link headers")
                .isNotEmpty();

        TestChain b = net.emptyChain("b", CHAIN);
        SyncingNode fromA = net.sync(b, List.of(net.serve(a.chain()).address()));
        fromA.firstSynced().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertSameChain(b.chain(), a.chain());

        BatchSetInfo reserved = epochOneInfo(b.chain());
        assertThat(reserved.batchSets())
                .as("a history-synced node serves every block it pushed as a batch set")
                .hasSize(served.batchSets().size());
        TestChain c = net.emptyChain("c", CHAIN);
        SyncingNode fromB = net.sync(c, List.of(net.serve(b.chain()).address()));
        fromB.firstSynced().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertSameChain(c.chain(), a.chain());
    }

    private static BatchSetInfo epochOneInfo(ChainView chain) {
        var election =
                chain.mainChainBlockAt(chain.spec().policy().electionBlockOf(1)).orElseThrow();
        return (BatchSetInfo)
                new RequestHandlers(ServingSettings.DEFAULTS).handle(new RequestBatchSet(election.hash()), chain);
    }

    private static void assertSameChain(ChainView ours, ChainView source) {
        StatusReport mine = StatusReport.of(ours);
        StatusReport theirs = StatusReport.of(source);
        assertThat(mine.macroHead()).isEqualTo(theirs.macroHead());
        assertThat(mine.transactions()).isEqualTo(theirs.transactions()).isPositive();
        assertThat(mine.history()).isEqualTo(theirs.history());
        assertThat(mine.history()).allMatch(StatusReport.EpochHistory::matchesHeader);
    }
}
