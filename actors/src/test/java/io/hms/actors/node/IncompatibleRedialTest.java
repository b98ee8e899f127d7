package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Incompatible re-dial of {@link SyncingNode}, driven by Pekko's {@link ManualTime}: a dialed
 * peer whose services cannot serve a history sync (a pruned node) is dropped exactly when {@code
 * recheck-interval} has passed, not before, so that its dialer reconnects and the new handshake
 * shows its services anew; the sync then reports it Incompatible again. Real TCP on loopback; every
 * timer of the node (redial, reconnect backoff, handshake and idle timeouts) runs on the manual
 * scheduler, and the time advanced stays below the idle timeout.
 */
@ExtendWith(LogCapturingExtension.class)
class IncompatibleRedialTest {
    static final ActorTestKit KIT =
            ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final Duration RECHECK = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldRedialAnIncompatiblePeerWhenTheRecheckIntervalPasses() throws Exception {
        HmsSettings d = HmsSettings.defaults();
        HmsSettings settings = SyncFixture.withTimeouts(
                d, d.sync().requestTimeout(), RECHECK, d.sync().clusterProgressTimeout());
        Duration firstReconnect = d.network()
                .reconnectMinBackoff()
                .multipliedBy(2); // at most min · (1 + random-factor), with the factor below 1
        GeneratorOptions options = Chains.unit(96, 1, 0, 1);
        try (TestChain pruned =
                        TestChains.create(dir.resolve("pruned"), options, StoreOptions.PRUNED.withSyncWrites(false));
                TestChain empty = TestChains.createEmpty(dir.resolve("node"), options);
                ServingNode peer = ServingNode.start(KIT.system(), pruned.chain(), NodeConfig.defaults(settings))) {
            assertThat(Services.canServeHistorySync(pruned.chain().services())).isFalse();
            TestProbe<PeerEvent> seenByPeer = KIT.createTestProbe();
            peer.network().subscribe(seenByPeer.getRef());
            List<SyncEvent> events = new CopyOnWriteArrayList<>();
            try (SyncingNode node = SyncingNode.start(
                    KIT.system(), empty.chain(), NodeConfig.defaults(settings).withPeers(List.of(peer.address())))) {
                node.addListener(events::add);
                PeerId dialed = node.dialedPeers().get(0);
                PeerId nodeAtPeer = seenByPeer
                        .expectMessageClass(PeerEvent.PeerJoined.class)
                        .peer();
                Awaitility.await()
                        .atMost(30, TimeUnit.SECONDS)
                        .until(() -> node.results().get(dialed) instanceof MacroSyncReturn.Incompatible);

                TIME.timePasses(RECHECK.minusSeconds(1));
                seenByPeer.expectNoMessage(Duration.ofMillis(300));

                TIME.timePasses(Duration.ofSeconds(1));
                assertThat(seenByPeer
                                .expectMessageClass(PeerEvent.PeerLeft.class)
                                .peer())
                        .as("the node dropped the connection")
                        .isEqualTo(nodeAtPeer);
                TIME.timePasses(firstReconnect);
                assertThat(seenByPeer.expectMessageClass(PeerEvent.PeerJoined.class))
                        .as("the node dialed again")
                        .isNotNull();
                Awaitility.await()
                        .atMost(30, TimeUnit.SECONDS)
                        .untilAsserted(() -> assertThat(events)
                                .filteredOn(e -> e instanceof MacroSyncReturn.Incompatible i
                                        && i.peer().equals(dialed))
                                .as("Incompatible again after the fresh handshake")
                                .isNotEmpty());
                assertThat(node.results().get(dialed)).isInstanceOf(MacroSyncReturn.Incompatible.class);
            }
        }
    }
}
