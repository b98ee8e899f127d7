package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.Interceptor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.RecordingNetwork;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.model.Hash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync's timers driven by Pekko's {@link ManualTime}: time moves only when a test says so,
 * so "not before" and "right after" a timeout are both asserted without waiting for the clock.
 * Requests go through a {@link RecordingNetwork} whose wire timeout is an hour, so only the
 * actors' own timers (on the manual scheduler) fail a request that is never answered.
 */
@ExtendWith(LogCapturingExtension.class)
class HistoryMacroSyncTimersTest {
    static final ActorTestKit KIT =
            ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Test settings with long timeouts, except those given; epoch-id requests never time out. */
    static HmsSettings settings(Duration requestTimeout, Duration recheck, Duration watchdog) {
        HmsSettings s = SyncFixture.withTimeouts(SyncFixture.testSettings(), requestTimeout, recheck, watchdog);
        return s.withSyncActors(s.syncActors().withMacroChainTimeout(HOUR));
    }

    /** A peer that never answers RequestBatchSet. */
    static final Interceptor DROP_BATCH_SETS = (requester, request, answer) ->
            request instanceof RequestBatchSet ? Interceptor.Drop.INSTANCE : Interceptor.Deliver.INSTANCE;

    /** Starts the sync over a {@link RecordingNetwork} whose requests never time out on the wire. */
    static RecordingNetwork startRecording(SyncFixture f, HmsSettings settings) {
        AtomicReference<RecordingNetwork> holder = new AtomicReference<>();
        f.start(settings, n -> {
            holder.set(new RecordingNetwork(n, HOUR));
            return holder.get();
        });
        return holder.get();
    }

    static SyncStatus status(SyncFixture f) throws Exception {
        return f.sync().status().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * A peer behind us is Outdated and asked for epoch ids again exactly when {@code
     * recheck-interval} has passed, and again one interval later.
     */
    @Test
    void shouldAskAnOutdatedPeerAgainWhenTheRecheckIntervalPasses() throws Exception {
        PeerId behind = new PeerId("behind");
        Duration recheck = Duration.ofSeconds(60);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(Chains.test(21, 0, 2, 31), 2);
            f.server(behind, Chains.test(21, 0, 1, 31));
            f.connect(behind);
            RecordingNetwork net = startRecording(f, settings(HOUR, recheck, HOUR));
            assertThat(f.nextReturn())
                    .isInstanceOf(MacroSyncReturn.Outdated.class)
                    .extracting(MacroSyncReturn::peer)
                    .isEqualTo(behind);
            assertThat(net.sent(behind, RequestMacroChain.class)).hasSize(1);

            for (int round = 2; round <= 3; round++) {
                TIME.timePasses(recheck.minusSeconds(1));
                // a tick that fired is in the supervisor's mailbox before this status request
                assertThat(status(f).epochIdRequests())
                        .as("not asked before the interval")
                        .isZero();
                TIME.timePasses(Duration.ofSeconds(1));
                assertThat(f.nextReturn())
                        .isInstanceOf(MacroSyncReturn.Outdated.class)
                        .extracting(MacroSyncReturn::peer)
                        .isEqualTo(behind);
                assertThat(net.sent(behind, RequestMacroChain.class))
                        .as("RequestMacroChain on the wire")
                        .hasSize(round);
            }
            assertThat(f.seen(SyncEvent.ClusterStarted.class)).isEmpty();
        }
    }

    /**
     * One peer never answers RequestBatchSet, the other is honest: nothing asked of the silent peer
     * is asked of the honest one until time passes (a duplicate once the request is late, at the
     * latest the retry at {@code request-timeout}); then every one of those ids goes to the honest
     * peer, and the sync completes from it.
     */
    @Test
    void shouldResendARequestToAnotherPeerWhenItTimesOut() throws Exception {
        // sorts before "honest": with nothing measured yet, the scheduler gives it the first requests
        PeerId silent = new PeerId("a-silent");
        PeerId honest = new PeerId("honest");
        Duration timeout = Duration.ofSeconds(10);
        var options = Chains.test(22, 2, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            f.server(silent, options);
            TestChain source = f.server(honest, options);
            f.hub().intercept(silent, DROP_BATCH_SETS);
            f.connect(silent, honest);
            RecordingNetwork net = startRecording(f, settings(timeout, HOUR, HOUR));
            awaitStalledOn(net, silent, honest, f);
            Set<Hash> askedOfSilent = hashes(net, silent);
            assertThat(askedOfSilent).isNotEmpty();
            assertThat(hashes(net, honest))
                    .as("nothing asked of the silent peer went elsewhere before the timeout")
                    .doesNotContainAnyElementsOf(askedOfSilent);

            // Exactly the timeout, not a millisecond more: the PeerActor fails a request at its deadline,
            // and a timer set while the jump runs (the duplicate an early hedge check sends to the honest
            // peer) counts from the scheduler's time at that moment. With one second more, such a
            // duplicate expired in the same jump before the honest peer could answer it, and the id then
            // ran out of tries (3 of 25 runs failed a cluster that way).
            TIME.timePasses(timeout);

            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(hashes(net, honest))
                            .as("re-sent to the honest peer")
                            .containsAll(askedOfSilent));
            // Whenever the sync stalls on the silent peer again, let its requests time out; the
            // honest peer's answers and the applies run in real time, however slow the machine.
            Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> {
                if (status(f).synced()) {
                    return true;
                }
                if (stalledOn(net, silent, honest)) {
                    TIME.timePasses(timeout);
                }
                return false;
            });
            f.awaitSynced();
            StoreComparison.assertSameChain(f.node().chain(), source.chain());
            assertThat(f.seen(SyncEvent.ClusterFinished.class))
                    .extracting(SyncEvent.ClusterFinished::outcome)
                    .containsOnly(ClusterOutcome.COMPLETED);
            assertThat(f.hub().disconnections()).isEmpty();
        }
    }

    /** Waits until every outstanding request is a batch-set request to {@code silent} (or the sync is done). */
    private static void awaitStalledOn(RecordingNetwork net, PeerId silent, PeerId honest, SyncFixture f) {
        Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .until(() -> status(f).synced() || stalledOn(net, silent, honest));
    }

    /** Nothing is out at the honest peer and only batch sets at the silent one. */
    private static boolean stalledOn(RecordingNetwork net, PeerId silent, PeerId honest) {
        return net.outstanding(honest) == 0
                && net.outstanding(silent) > 0
                && net.outstanding(silent) == net.outstanding(RequestType.BATCH_SET);
    }

    private static Set<Hash> hashes(RecordingNetwork net, PeerId peer) {
        return net.sent(peer, RequestBatchSet.class).stream()
                .map(RequestBatchSet::hash)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * The cluster watchdog: a cluster whose only peer never answers a batch set (and whose requests
     * never time out) is given up exactly {@code cluster-progress-timeout} after it started, and
     * its peer is reported Outdated.
     */
    @Test
    void shouldFailAClusterWithoutProgressWhenTheWatchdogFires() throws Exception {
        Duration watchdog = HmsSettings.defaults().sync().clusterProgressTimeout();
        PeerId mute = new PeerId("mute");
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            TestChain node = f.node(Chains.test(23, 1, 0, 31));
            f.server(mute, Chains.test(23, 1, 0, 31));
            f.hub().intercept(mute, DROP_BATCH_SETS);
            f.connect(mute);
            RecordingNetwork net = startRecording(f, settings(HOUR, HOUR, watchdog));
            SyncEvent e;
            do {
                e = f.next();
            } while (!(e instanceof SyncEvent.ClusterStarted));
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> net.outstanding(RequestType.BATCH_SET) > 0);

            TIME.timePasses(watchdog.minusSeconds(1));
            f.probe().expectNoMessage(Duration.ofMillis(200));
            assertThat(f.seen(SyncEvent.ClusterFinished.class)).isEmpty();

            TIME.timePasses(Duration.ofSeconds(1));
            assertThat(f.nextReturn()).isInstanceOfSatisfying(MacroSyncReturn.Outdated.class, o -> {
                assertThat(o.peer()).isEqualTo(mute);
                assertThat(o.reason()).isEqualTo(OutdatedReason.CLUSTER_FAILED);
                assertThat(o.detail()).contains("no progress");
            });
            assertThat(f.seen(SyncEvent.ClusterFinished.class))
                    .extracting(SyncEvent.ClusterFinished::outcome)
                    .containsExactly(ClusterOutcome.FAILED);
            assertThat(node.chain().headBlockNumber())
                    .isEqualTo(node.spec().genesis().blockNumber());
        }
    }
}
