package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.sync.SyncStatus;
import io.hms.actors.testing.RecordingNetwork;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's supervisor defects of SPEC §7.2 items 19 and 26, each driven through the real
 * sync actors over the in-JVM hub into the situation where the original goes wrong.
 */
class SupervisorDefectRegressionTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    /** UNIT policy (B=4, N=4): 3 epochs and a checkpoint, 40 transfers per batch. */
    private static final GeneratorOptions CHAIN = ActorDefectRegressionTest.CHAIN;

    private static final Policy P = CHAIN.policy();
    private static final PeerId A = new PeerId("A");
    private static final PeerId B = new PeerId("B");
    /** Capacity of the original's network event channel (tokio {@code broadcast::channel(64)} in network-libp2p). */
    private static final int ORIGINAL_EVENT_CAPACITY = 64;

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /**
     * Item 19. A's cluster downloads epochs 1–3, each stored as 4 batch sets; epoch 1 is handed
     * over and applied, the chunks of epoch 2 are held. Then B, on the same chain but only up to
     * epoch 2, answers with epoch 2 alone, which matches A's cluster up to position 2 and ends
     * there, so the cluster must be split at 2 (SPEC §4.5 step 5). The original counted {@code
     * numFinished} in batch sets (4, epoch 1's) and compared it with the epoch position 2, found the
     * cluster "already finished beyond the split" and refused B: B got no cluster, a count of 0,
     * and was never asked again. hms counts epochs (1): B joins the downloading cluster, the tail
     * (epoch 3) goes on with A alone, and B ends Good.
     */
    @Test
    void item19APeerJoinsTheDownloadingClusterWhenOnlyItsFirstEpochWasHandedOver() throws Exception {
        HmsSettings d = SyncFixture.testSettings();
        // one range at a time, as in the original (SPEC §7 item 19): with ranges in parallel the split-off
        // tail starts at once as the next range instead of waiting (ParallelRangesSyncTest covers that)
        HmsSettings sequential = d.withSyncActors(
                d.syncActors().withReorder(new io.hms.engine.sync.reorder.ReorderSettings(65_536, 0, 0)));
        HmsSettings patient = SyncFixture.withTimeouts(
                sequential, Duration.ofMinutes(5), d.sync().recheckInterval(), Duration.ofMinutes(5));
        long epoch1 = P.electionBlockOf(1);
        try (LocalSync s = new LocalSync(KIT, dir)) {
            TestChain source = s.server(A, CHAIN);
            s.server(B, CHAIN.withShape(2, 0));
            AtomicReference<RecordingNetwork> net = new AtomicReference<>();
            s.start(
                    CHAIN,
                    UnaryOperator.identity(),
                    n -> {
                        net.set(new RecordingNetwork(n));
                        net.get()
                                .hold(sent ->
                                        sent.request() instanceof RequestHistoryChunk c && c.blockNumber() > epoch1);
                        return net.get();
                    },
                    patient);
            s.connect(A);
            Awaitility.await()
                    .atMost(60, TimeUnit.SECONDS)
                    .until(() -> s.events(SyncEvent.BatchSetApplied.class).stream()
                            .anyMatch(a -> a.blockNumber() == epoch1));
            assertThat(s.events(SyncEvent.BatchSetApplied.class).stream()
                            .filter(a -> a.epoch() == 1)
                            .count())
                    .as("batch sets of epoch 1 handed over (the original's numFinished), beyond the split at 2")
                    .isGreaterThan(2);
            assertThat(s.status().activatedClusters()).isEqualTo(1);
            assertThat(s.status().waitingEpochClusters()).isZero();

            s.connect(B);
            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() -> s.status().peerClusterCounts().containsKey(B));
            SyncStatus joined = s.status();
            assertThat(joined.peerClusterCounts()).containsEntry(B, 1).containsEntry(A, 2);
            assertThat(joined.waitingEpochClusters())
                    .as("the split-off tail, epoch 3")
                    .isEqualTo(1);
            assertThat(s.events(MacroSyncReturn.class)).noneMatch(r -> r.peer().equals(B));
            net.get().holdNothing();

            s.awaitSynced();
            ReliabilityNet.assertSameChainAndClean(s.node().chain(), source.chain());
            assertThat(s.events(MacroSyncReturn.class).stream()
                            .filter(r -> r.peer().equals(B))
                            .toList())
                    .containsExactly(new MacroSyncReturn.Good(B));
            assertThat(s.events(SyncEvent.ClusterStarted.class))
                    .filteredOn(c -> c.firstEpoch() == 3)
                    .singleElement()
                    .satisfies(c -> assertThat(c.peers()).containsExactly(A));
        }
    }

    /**
     * Item 26. The original reads network events from a broadcast channel of 64; a subscriber more
     * than 64 events behind gets {@code Lagged}, the oldest events are lost and the stream ends for
     * that poll: a lost PeerJoined means the peer is never synced from, a lost PeerLeft leaves a
     * stale peer in the clusters. Here the supervisor is held inside its handling of A's join (its
     * store read blocks) while far more than 64 join and leave events arrive; once it goes on, it
     * must have seen every one: exactly the peers still connected are tracked, each with a result.
     */
    @Test
    void item26EventsQueuedWhileTheSupervisorIsBusyAreAllHandled() throws Exception {
        List<PeerId> peers = new ArrayList<>();
        try (LocalSync s = new LocalSync(KIT, dir)) {
            for (int i = 0; i < 12; i++) {
                PeerId p = new PeerId("P" + i);
                s.server(p, CHAIN);
                peers.add(p);
            }
            TestChain source = s.server(A, CHAIN);
            AtomicReference<FreezingChain> chain = new AtomicReference<>();
            s.start(CHAIN, c -> {
                chain.set(new FreezingChain(c));
                return chain.get();
            });
            s.status(); // the supervisor runs
            chain.get().freezeNextRead();
            s.connect(A);
            assertThat(chain.get().frozen.await(30, TimeUnit.SECONDS))
                    .as("the supervisor is held reading our macro head for A's request")
                    .isTrue();
            int events = 0;
            for (int round = 0; round < 6; round++) {
                for (PeerId p : peers) {
                    s.connect(p);
                    s.hub().disconnect(LocalSync.NODE, p);
                    events += 2;
                }
            }
            List<PeerId> stay = peers.subList(0, 3);
            stay.forEach(s::connect);
            events += stay.size();
            assertThat(events).isGreaterThan(ORIGINAL_EVENT_CAPACITY);
            chain.get().thaw.countDown();

            s.awaitSynced();

            ReliabilityNet.assertSameChainAndClean(s.node().chain(), source.chain());
            List<PeerId> expected = new ArrayList<>(stay);
            expected.add(A);
            Awaitility.await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                SyncStatus status = s.status();
                assertThat(status.connectedPeers()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(status.results().keySet())
                        .as("every peer still connected was asked and answered")
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(expected).containsAll(status.peerClusterCounts().keySet());
            });
        }
    }

    /** A store whose next macro-head read, once armed, waits until the test lets it go on. */
    private static final class FreezingChain extends ForwardingBlockchain {
        final CountDownLatch frozen = new CountDownLatch(1);
        final CountDownLatch thaw = new CountDownLatch(1);
        private final AtomicBoolean armed = new AtomicBoolean();

        FreezingChain(io.hms.engine.store.Blockchain delegate) {
            super(delegate);
        }

        void freezeNextRead() {
            armed.set(true);
        }

        @Override
        public MacroBlock macroHead() {
            if (armed.compareAndSet(true, false)) {
                frozen.countDown();
                try {
                    thaw.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.macroHead();
        }
    }
}
