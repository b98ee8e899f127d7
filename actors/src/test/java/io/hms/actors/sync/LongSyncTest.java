package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 125 epochs from three peers of one chain that end at different places (epoch 80, epoch 100
 * plus a checkpoint, epoch 125 plus two checkpoints), asking for at most 40 epochs at a time, so
 * clusters overlap partially, are split, and peers are asked again many times.
 */
@ExtendWith(LogCapturingExtension.class)
class LongSyncTest {
    static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldSyncLongestChainWhenThreePeersOverlapPartially(@TempDir Path dir) throws Exception {
        PeerId p1 = new PeerId("peer1");
        PeerId p2 = new PeerId("peer2");
        PeerId p3 = new PeerId("peer3");
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(Chains.unit(21, 125, 2, 1));
            TestChain longest = f.server(p1, Chains.unit(21, 125, 2, 1));
            f.server(p2, Chains.unit(21, 80, 0, 1));
            f.server(p3, Chains.unit(21, 100, 1, 1));
            f.connect(p1, p2, p3);
            f.start(SyncFixture.withMaxRequestEpochs(SyncFixture.testSettings(), 40));
            SyncEvent.Synced synced = f.awaitSynced();
            StoreComparison.assertSameChain(f.node().chain(), longest.chain());
            assertThat(synced.headBlockNumber()).isEqualTo(longest.chain().headBlockNumber());
            assertThat(synced.goodPeers()).contains(p1);
            assertThat(f.returnsOf(p1)).last().isEqualTo(new MacroSyncReturn.Good(p1));
            for (PeerId p : List.of(p2, p3)) {
                assertThat(f.returnsOf(p)).as("results of %s", p).isNotEmpty();
            }
            int batchSets = 125 * Policy.UNIT.batchesPerEpoch() + 2;
            assertThat(f.seen(SyncEvent.BatchSetApplied.class)).hasSize(batchSets);
            assertThat(f.seen(SyncEvent.ClusterStarted.class).size()).isGreaterThan(3);
            assertThat(f.seen(SyncEvent.PeerBanned.class)).isEmpty();
            assertThat(f.hub().disconnections()).isEmpty();
        }
    }
}
