package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.SyncingNode;
import io.hms.engine.reliability.HistoryScan;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.model.MacroBlock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up in the middle of a sync over TCP ({@link FillingDisk}): the sync stops with
 * {@code SyncFailed} naming {@code DISK_FULL}, no peer is blamed, the store reopens consistent at
 * the last batch set that fitted, and a sync started again afterwards completes to the source.
 */
class SyncStoreFailureTest {
    private static final int PUSHES_THAT_FIT = 5;

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsTheSyncWithATypedReasonAndTheStoreReopensConsistent() throws Exception {
        Path nodeDir = dir.resolve("node");
        try (ReliabilityNet net = new ReliabilityNet(dir)) {
            TestChain source = net.chain("source", LyingPeersTest.CHAIN);
            InetSocketAddress server = net.honest(source.chain());
            List<SyncEvent> events = new CopyOnWriteArrayList<>();
            ActorSystem<Void> system = NodeSystem.create("disk-full");
            try (FillingDisk disk = new FillingDisk(
                    RocksDbBlockchain.create(nodeDir, source.spec(), TestChains.TEST_STORE), PUSHES_THAT_FIT)) {
                SyncingNode node = SyncingNode.start(system, disk, NodeConfig.defaults(ReliabilityNet.SETTINGS));
                node.addListener(events::add);
                node.dial(server);

                assertThatThrownBy(
                                () -> node.firstSynced().toCompletableFuture().get(90, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("DISK_FULL");
                node.close();
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            assertThat(events)
                    .anyMatch(e ->
                            e instanceof SyncEvent.SyncFailed f && f.reason().contains("DISK_FULL"));
            assertThat(events).noneMatch(e -> e instanceof SyncEvent.PeerBanned);

            try (Blockchain reopened = RocksDbBlockchain.open(nodeDir, TestChains.TEST_STORE)) {
                MacroBlock head = reopened.macroHead();
                // compared by hash: a block below its info's final one is stored without a justification
                assertThat(source.batches().get(PUSHES_THAT_FIT - 1).block().hash())
                        .isEqualTo(head.hash());
                assertThat(HistoryScan.problems(reopened)).isEmpty();
                try (SyncingNode again = SyncingNode.start(
                        net.clientSystem(),
                        reopened,
                        NodeConfig.defaults(ReliabilityNet.SETTINGS).withPeers(List.of(server)))) {
                    ReliabilityNet.awaitSynced(again);
                    ReliabilityNet.assertSameChainAndClean(reopened, source.chain());
                }
            }
        }
    }
}
