package io.hms.actors.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.hms.engine.sync.SyncSettings;
import java.time.Duration;
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
    assertThat(s.syncActors()).isEqualTo(new SyncActorSettings(Duration.ofSeconds(10), 2, 65536,
        new SyncActorSettings.Pacing(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(30))));
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
    assertThat(s.node()).isEqualTo(new NodeSettings(1));
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
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxActiveClusters");
    assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.max-attempts = 2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.network.port = 70000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.chunk-size = 512")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk-size");
    assertThatThrownBy(() -> HmsSettings.create(ConfigFactory.parseString("hms.sync.request-timeout = soon")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void shouldDeclareBlockingDispatcherWhenReferenceConfIsLoaded() {
    var config = ConfigFactory.defaultReference();
    assertThat(config.getString(HmsSettings.BLOCKING_DISPATCHER + ".executor")).isEqualTo("thread-pool-executor");
    assertThat(config.getString("pekko.actor.serialization-bindings.\"io.hms.actors.serialization.CborSerializable\""))
        .isEqualTo("hms-cbor");
  }
}
