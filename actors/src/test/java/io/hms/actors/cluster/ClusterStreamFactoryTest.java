package io.hms.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.RecordingNetwork;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The download pipeline's windows, counted on the wire of a whole sync. */
@ExtendWith(LogCapturingExtension.class)
class ClusterStreamFactoryTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId A = new PeerId("A");
    static final PeerId B = new PeerId("B");
    /**
     * Five epochs of about 12 400 items (13 chunks) each: one epoch cluster that fills both windows.
     * The chunk window ({@code mapAsync}) also holds the batch sets' start markers, which the plan
     * emits before an epoch's chunks; only with more chunks in one epoch than the window is the
     * window all chunk requests.
     */
    static final GeneratorOptions CHAIN = Chains.test(31, 5, 0, 31 * 100);

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /**
     * Answers are held until the window of one request type is full, then released: exactly {@code
     * batch-sets-in-flight} RequestBatchSet and {@code chunks-in-flight} RequestHistoryChunk are
     * outstanding at most (only one cluster downloads at a time), and the windows do fill. Two
     * peers, so that the per-peer limit (16) is not what bounds 5 + 12. Duplicates are off.
     */
    @ParameterizedTest(name = "{0} batch sets, {1} chunks")
    @CsvSource({"5, 12", "2, 3"})
    void shouldKeepExactlyTheConfiguredRequestsInFlightWhenAnswersAreHeld(int batchSets, int chunks) throws Exception {
        HmsSettings settings = SyncFixture.withTimeouts(
                SyncFixture.testSettings(), Duration.ofMinutes(5), Duration.ofMinutes(60), Duration.ofMinutes(10));
        // duplicates of late requests (scheduling.max-hedges) come on top of the windows: held answers
        // would make every request late, so they are off here (PeerSchedulingTest counts them)
        settings = settings.withSyncActors(settings.syncActors()
                .withScheduling(settings.syncActors().scheduling().withMaxHedges(0)));
        if (batchSets != 5 || chunks != 12) {
            settings = SyncFixture.withWindows(settings, batchSets, chunks);
        } else {
            assertThat(HmsSettings.defaults().sync().batchSetsInFlight()).isEqualTo(5);
            assertThat(HmsSettings.defaults().sync().chunksInFlight()).isEqualTo(12);
        }
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(CHAIN);
            TestChain source = f.server(A, CHAIN);
            f.hub().register(B, source.chain(), Services.REQUIRED_FOR_HISTORY_SYNC); // the same store, served twice
            AtomicReference<RecordingNetwork> holder = new AtomicReference<>();
            f.connect(A, B);
            f.start(settings, n -> {
                RecordingNetwork net = new RecordingNetwork(n);
                net.hold(s -> s.request() instanceof RequestBatchSet);
                holder.set(net);
                return net;
            });
            RecordingNetwork net = holder.get();

            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() -> net.outstanding(RequestType.BATCH_SET) == batchSets);
            net.hold(s -> s.request() instanceof RequestHistoryChunk);
            net.release();
            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() -> net.outstanding(RequestType.HISTORY_CHUNK) == chunks);
            net.holdNothing();
            f.awaitSynced();

            assertThat(net.maxOutstanding(RequestType.BATCH_SET))
                    .as("batch sets in flight")
                    .isEqualTo(batchSets);
            assertThat(net.maxOutstanding(RequestType.HISTORY_CHUNK))
                    .as("chunks in flight")
                    .isEqualTo(chunks);
            assertThat(f.seen(SyncEvent.ClusterStarted.class))
                    .as("one epoch cluster")
                    .first()
                    .satisfies(c -> assertThat(c.ids()).isEqualTo(CHAIN.epochs()));
            assertThat(f.seen(MacroSyncReturn.class))
                    .containsOnly(new MacroSyncReturn.Good(A), new MacroSyncReturn.Good(B));
            StoreComparison.assertSameChain(f.node().chain(), source.chain());
        }
    }
}
