package io.hms.actors.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.peers.SchedulingSettings;
import io.hms.engine.sync.reorder.ReorderSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;

class HmsSettingsTest {

    @Test
    void shouldMatchConfigContractWhenReadFromReferenceConf() {
        HmsSettings s = HmsSettings.defaults();
        SyncSettings sync = s.sync();
        assertThat(sync.maxClusters()).isEqualTo(100);
        assertThat(sync.maxQueuedJobs()).isEqualTo(4);
        assertThat(sync.batchSetsInFlight()).isEqualTo(5);
        assertThat(sync.chunksInFlight()).isEqualTo(12);
        assertThat(sync.maxRequestEpochs()).isEqualTo(1000);
        assertThat(sync.chunkSize()).isEqualTo(1024);
        assertThat(sync.minAttempts()).isEqualTo(4);
        assertThat(sync.maxAttempts()).isEqualTo(12);
        assertThat(sync.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sync.recheckInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.syncActors())
                .isEqualTo(new SyncActorSettings(
                        Duration.ofSeconds(10),
                        2,
                        65536,
                        new SyncActorSettings.Pacing(Duration.ofMillis(50), Duration.ofSeconds(5)),
                        new SchedulingSettings(2, 8, 0.25, 2.0, Duration.ofMillis(50), 2),
                        Duration.ofSeconds(1),
                        ReorderSettings.DEFAULTS,
                        16_384));
        assertThat(s.syncActors().scheduling()).isEqualTo(SchedulingSettings.DEFAULTS);
        assertThat(s.syncActors().reorder()).isEqualTo(ReorderSettings.DEFAULTS);
        assertThat(s.syncActors().maxQueuedItems())
                .isEqualTo(16_384)
                .isEqualTo(SyncActorSettings.DEFAULT_MAX_QUEUED_ITEMS);
        assertThat(s.syncActors().scheduling().maxWindow() * s.syncActors().maxActiveClusters())
                .as("the clusters' windows at one peer fit its in-flight limit: the PeerActor queues only when pacing")
                .isEqualTo(s.network().maxInFlightPerPeer());
        assertThat(s.syncActors().pacing().maxDelay())
                .as("a paced request can still be sent before its deadline")
                .isLessThan(sync.requestTimeout());
        NetworkSettings n = s.network();
        assertThat(n.host()).isEqualTo("127.0.0.1");
        assertThat(n.port()).isZero();
        assertThat(n.maxFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(n.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(n.maxInFlightPerPeer()).isEqualTo(16);
        assertThat(n.reconnectMinBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(n.reconnectMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(n.reconnectRandomFactor()).isEqualTo(0.2);
        assertThat(n.servingQuota()).isEqualTo(new NetworkSettings.Quota(64L << 20, 64L << 20, 4096));
        assertThat(n.handlerParallelism()).isEqualTo(64);
        assertThat(n.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(n.servingPool()).isEqualTo(new NetworkSettings.ServingPool(4, 256));
        assertThat(s.node()).isEqualTo(new NodeSettings(1, 1024));
        assertThat(s.store()).isEqualTo(new StoreSettings(true, false));
    }

    @Test
    void shouldTakeOverridesWhenConfigSetsKeys() {
        HmsSettings s = HmsSettings.create(ConfigFactory.parseString(
                "hms.sync.chunks-in-flight = 3\nhms.sync.request-timeout = 250ms\nhms.node.min-good-peers = 2\n"
                        + "hms.network.serving-quota.bytes-per-second = 1 MiB\nhms.store.pruned = true"));
        assertThat(s.sync().chunksInFlight()).isEqualTo(3);
        assertThat(s.sync().requestTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.node().minGoodPeers()).isEqualTo(2);
        assertThat(s.network().servingQuota().bytesPerSecond()).isEqualTo(1 << 20);
        assertThat(s.store().pruned()).isTrue();
        assertThat(s.sync().maxClusters()).isEqualTo(100);
    }

    @Test
    void shouldRejectSettingsWhenValuesAreOutOfRange() {
        assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.max-active-clusters = 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxActiveClusters");
        assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.max-attempts = 2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.network.port = 70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.chunk-size = 512")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.request-timeout = soon")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldDeclareBlockingDispatcherWhenReferenceConfIsLoaded() {
        var config = ConfigFactory.defaultReference();
        assertThat(config.getString(HmsSettings.STORE_DISPATCHER + ".executor")).isEqualTo("thread-pool-executor");
        assertThat(config.getString(
                        "pekko.actor.serialization-bindings.\"io.hms.actors.serialization.CborSerializable\""))
                .isEqualTo("hms-cbor");
    }

    @Test
    void shouldRunStoreWritesOnExactlyOneThreadWhenTheStoreDispatcherIsUsed() throws Exception {
        ActorTestKit kit = ActorTestKit.create("HmsSettingsTest");
        try {
            Executor store =
                    kit.system().dispatchers().lookup(DispatcherSelector.fromConfig(HmsSettings.STORE_DISPATCHER));
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CompletableFuture<?>[] writes = new CompletableFuture<?>[64];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = CompletableFuture.runAsync(
                        () -> {
                            threads.add(Thread.currentThread().getName());
                            LockSupport.parkNanos(
                                    100_000); // long enough for a second thread to start, if there were one
                        },
                        store);
            }
            CompletableFuture.allOf(writes).get(10, TimeUnit.SECONDS);
            assertThat(threads).singleElement().asString().startsWith("HmsSettingsTest-hms.store-dispatcher-");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void shouldRefuseAStoreDispatcherOfMoreThreadsWhenConfigured() {
        assertThatThrownBy(() -> HmsSettings.create(
                        ConfigFactory.parseString("hms.store-dispatcher.thread-pool-executor.fixed-pool-size = 2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 1 thread");
    }

    @Test
    void shouldRefuseAnEmptyServingPoolWhenConfigured() {
        assertThatThrownBy(
                        () -> HmsSettings.create(ConfigFactory.parseString("hms.network.serving-pool.queue-size = 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueSize");
    }
}
