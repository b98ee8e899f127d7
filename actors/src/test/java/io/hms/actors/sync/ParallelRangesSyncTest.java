package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.Interceptor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.RequestHistoryChunk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranges in parallel through the whole sync (docs/ARCHITECTURE.md "Ranges in parallel"): the peers'
 * epochs are cut into ranges of 2, two download at once (the second from the first one's last id,
 * fetched as its anchor), and everything is applied in chain order: the store equals the peers'.
 */
@ExtendWith(LogCapturingExtension.class)
class ParallelRangesSyncTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId A = new PeerId("a");
    static final PeerId B = new PeerId("b");

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static HmsSettings rangesOf(int epochs, long windowItems) {
        HmsSettings s = SyncFixture.testSettings();
        return s.withSyncActors(s.syncActors().withReorder(new ReorderSettings(windowItems, 1, epochs)));
    }

    @Test
    void shouldDownloadTwoRangesAtOnceAndApplyThemInChainOrder() throws Exception {
        GeneratorOptions options = Chains.test(41, 9, 1, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            TestChain peer = f.server(A, options);
            f.server(B, options);
            // the first range's chunks come late (within the request timeout), so the second range,
            // started at once from its anchor, verifies its batch sets while the first still downloads
            Interceptor late = (requester, request, honest) ->
                    request instanceof RequestHistoryChunk chunk && chunk.epochNumber() <= 2
                            ? new Interceptor.Delay(Duration.ofMillis(800))
                            : Interceptor.Deliver.INSTANCE;
            f.hub().intercept(A, late);
            f.hub().intercept(B, late);
            f.connect(A, B);
            f.start(rangesOf(2, 64));
            f.awaitSynced();

            StoreComparison.assertSameChain(f.node().chain(), peer.chain());
            List<SyncEvent.ClusterStarted> started = f.seen(SyncEvent.ClusterStarted.class);
            assertThat(started)
                    .as("9 epochs in ranges of 2, then the checkpoint")
                    .hasSizeGreaterThanOrEqualTo(6);
            assertThat(started.stream().filter(c -> c.ids() > 2)).isEmpty();
            List<SyncEvent> seen = f.seen();
            assertThat(seen.indexOf(started.get(1)))
                    .as("the second range starts before the first one finishes")
                    .isLessThan(
                            seen.indexOf(f.seen(SyncEvent.ClusterFinished.class).get(0)));
            long second = started.get(1).clusterId();
            int firstFinished =
                    seen.indexOf(f.seen(SyncEvent.ClusterFinished.class).get(0));
            assertThat(seen.subList(0, firstFinished))
                    .as("the second range verified batch sets from its anchor before the first one finished")
                    .anySatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    SyncEvent.BatchSetVerified.class,
                                    v -> assertThat(v.clusterId()).isEqualTo(second)));
            assertThat(f.seen(SyncEvent.ClusterFinished.class))
                    .extracting(SyncEvent.ClusterFinished::outcome)
                    .containsOnly(ClusterOutcome.COMPLETED);
            List<Long> applied = f.seen(SyncEvent.BatchSetApplied.class).stream()
                    .map(SyncEvent.BatchSetApplied::blockNumber)
                    .toList();
            assertThat(applied).as("applied strictly in chain order").isSorted().doesNotHaveDuplicates();
            assertThat(f.returnsOf(A)).contains(new MacroSyncReturn.Good(A));
        }
    }
}
