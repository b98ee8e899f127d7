package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.HeadCheck;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains.TestChain;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** History sync between hms nodes over real TCP on loopback. */
class TcpSyncTest {
    /** 3 epochs and 2 checkpoints of 300 transfers per batch: several chunks per epoch, a checkpoint cluster. */
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(11).withShape(3, 2).withTransactions(300, 0.0, false);

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void twoServingNodesSyncAnEmptyNode() throws Exception {
        List<InetSocketAddress> peers = servers(2);
        TestChain node = net.emptyChain("node", CHAIN);

        SyncingNode syncing = net.sync(node, peers);
        SyncEvent.Synced synced = syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertSameChain(node);
        assertThat(synced.goodPeers()).isNotEmpty();
        for (PeerId good : synced.goodPeers()) {
            assertThat(HeadCheck.check(syncing.network(), good, node.chain(), Duration.ofSeconds(10))
                            .toCompletableFuture()
                            .get())
                    .isEqualTo(HeadCheck.Result.SAME_HEAD);
        }
    }

    @Test
    void fourServingNodesSyncAnEmptyNodeAndAllEndGood() throws Exception {
        List<InetSocketAddress> peers = servers(4);
        TestChain node = net.emptyChain("node", CHAIN);

        SyncingNode syncing = net.sync(node, peers);
        syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);
        syncing.sync().recheck();

        assertSameChain(node);
        org.awaitility.Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(syncing.results().values())
                        .hasSize(4)
                        .allMatch(r -> r instanceof MacroSyncReturn.Good));
    }

    @Test
    void aServingNodeKilledMidSyncLeavesTheOthersToFinish() throws Exception {
        GeneratorOptions bigger = GeneratorOptions.defaults(12)
                .withShape(6, 1)
                .withTransactions(400, 0.0, false)
                .withSignTransfers(false);
        TestChain source = net.chain("source", bigger);
        LinkShaping far = LinkShaping.of(15, 0);
        List<ServingNode> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(net.serve(source.chain(), far));
        }
        TestChain node = net.emptyChain("node", bigger);
        CountDownLatch firstApplied = new CountDownLatch(1);

        SyncingNode syncing =
                net.sync(node, servers.stream().map(ServingNode::address).toList());
        syncing.addListener(e -> {
            if (e instanceof SyncEvent.BatchSetApplied) {
                firstApplied.countDown();
            }
        });
        assertThat(firstApplied.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(syncing.firstSynced()).as("killed before the sync finished").isNotDone();
        servers.get(0).close();

        syncing.firstSynced().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                .isTrue();
    }

    private TestChain sourceChain;

    private List<InetSocketAddress> servers(int count) throws Exception {
        sourceChain = net.chain("source", CHAIN);
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(net.serve(sourceChain.chain()).address());
        }
        return addresses;
    }

    private void assertSameChain(TestChain node) {
        StatusReport ours = StatusReport.of(node.chain());
        StatusReport theirs = StatusReport.of(sourceChain.chain());
        assertThat(ours.macroHead()).isEqualTo(theirs.macroHead());
        assertThat(ours.transactions()).isEqualTo(theirs.transactions()).isPositive();
        assertThat(ours.history()).isEqualTo(theirs.history());
        assertThat(ours.history()).allMatch(StatusReport.EpochHistory::matchesHeader);
    }
}
