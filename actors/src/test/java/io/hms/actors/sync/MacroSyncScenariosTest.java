package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.Interceptor;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.RequestType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The end-to-end scenarios of SPEC §6.5 over the in-JVM network, on the TEST geometry. */
@ExtendWith(LogCapturingExtension.class)
class MacroSyncScenariosTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final Policy P = Policy.TEST;
  static final PeerId PEER = new PeerId("peer");

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** Syncs from one peer holding {@code options}' chain; the first result must be Good and the heads equal. */
  private void syncFromOnePeer(GeneratorOptions options) throws Exception {
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(options);
      TestChain peer = f.server(PEER, options);
      f.connect(PEER);
      f.start(SyncFixture.testSettings());
      assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
      assertThat(f.node().chain().headBlockNumber()).isEqualTo(peer.chain().headBlockNumber());
      StoreComparison.assertSameChain(f.node().chain(), peer.chain());
    }
  }

  /** SPEC §6.7 (consensus history_sync): 0, 1, 2, N−1, N, N+1, N+2 and 2N macro blocks. */
  @ParameterizedTest(name = "{0} macro blocks")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 8})
  void shouldReportGoodAndMatchPeerWhenPeerHasSomeMacroBlocks(int macroBlocks) throws Exception {
    int n = P.batchesPerEpoch();
    syncFromOnePeer(Chains.test(100 + macroBlocks, macroBlocks / n, macroBlocks % n, 31));
  }

  @Test
  void shouldReportGoodAndStayAtGenesisWhenNothingToSync() throws Exception {
    GeneratorOptions genesisOnly = Chains.test(1, 0, 0, 31);
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(genesisOnly);
      f.server(PEER, genesisOnly);
      f.connect(PEER);
      f.start(SyncFixture.testSettings());
      assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
      assertThat(f.node().chain().headBlockNumber()).isEqualTo(P.genesisBlockNumber());
      assertThat(f.seen(SyncEvent.ClusterStarted.class)).isEmpty();
    }
  }

  @Test
  void shouldSyncWhenPeerHasOneFinalizedEpoch() throws Exception {
    syncFromOnePeer(Chains.test(2, 1, 0, 31));
  }

  @Test
  void shouldSyncWhenPeerHasSeveralFinalizedEpochs() throws Exception {
    syncFromOnePeer(Chains.test(3, 2, 0, 31));
  }

  @Test
  void shouldSyncThroughCheckpointClusterWhenPeerHasOnlyOneBatch() throws Exception {
    syncFromOnePeer(Chains.test(4, 0, 1, 31));
  }

  @Test
  void shouldSyncWhenPeerHasSeveralBatchesOfTheFirstEpoch() throws Exception {
    syncFromOnePeer(Chains.test(5, 0, 3, 31));
  }

  @Test
  void shouldSyncEpochsAndCheckpointWhenPeerIsInsideAnEpoch() throws Exception {
    syncFromOnePeer(Chains.test(6, 2, 2, 31));
  }

  /**
   * §6.5 case 6: our store already holds the first batch (more than one chunk of history); only
   * the chunks from the one that straddles our position on are requested.
   */
  @Test
  void shouldDownloadOnlyMissingChunksWhenStoreHoldsPartOfTheEpoch() throws Exception {
    GeneratorOptions options = Chains.test(7, 0, 2, 31 * 50);
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(options, 1);
      TestChain peer = f.server(PEER, options);
      List<GeneratedBatch> batches = peer.batches();
      long first = batches.get(0).historyLength();
      long second = batches.get(1).historyLength();
      assertThat(first).as("history of the first batch spans chunks").isGreaterThan(1024);
      f.connect(PEER);
      f.start(SyncFixture.testSettings());
      assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
      StoreComparison.assertSameChain(f.node().chain(), peer.chain());
      long missingChunks = ceilDiv(second, 1024) - first / 1024;
      assertThat(f.hub().served(PEER, RequestType.HISTORY_CHUNK)).isEqualTo(missingChunks);
      assertThat(missingChunks).isLessThan(ceilDiv(first, 1024) + missingChunks);
    }
  }

  /** The same resumed sync with every batch set staged in the store instead of assembled in memory. */
  @Test
  void shouldDownloadOnlyMissingChunksWhenBatchSetsAreStagedInTheStore() throws Exception {
    GeneratorOptions options = Chains.test(10, 1, 2, 31 * 50);
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(options, 1);
      TestChain peer = f.server(PEER, options);
      List<GeneratedBatch> batches = peer.batches();
      // every leaf once per epoch (SPEC §0 "Scale"): from the chunk holding the epoch's first leaf
      // we lack up to its final block's length, all proved against that final block
      java.util.Map<Long, long[]> epochs = new java.util.TreeMap<>();
      for (GeneratedBatch b : batches.subList(1, batches.size())) {
        long[] range = epochs.computeIfAbsent(options.policy().epochAt(b.block().blockNumber()),
            e -> new long[] {b.firstLeafIndex(), 0});
        range[1] = Math.max(range[1], b.historyLength());
      }
      long expectedChunks = 0;
      for (long[] range : epochs.values()) {
        expectedChunks += ceilDiv(range[1], 1024) - range[0] / 1024;
      }
      f.connect(PEER);
      f.start(SyncFixture.withStaging(SyncFixture.testSettings(), 0));
      assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(PEER));
      StoreComparison.assertSameChain(f.node().chain(), peer.chain());
      assertThat(f.hub().served(PEER, RequestType.HISTORY_CHUNK)).isEqualTo(expectedChunks);
    }
  }

  /**
   * §6.5 case 7: three peers a batch apart, each offering only a checkpoint of epoch 1. The latest
   * checkpoint wins; the other two clusters are trimmed to nothing, so peers 2 and 3 are never
   * asked for batch sets or chunks and are Outdated once asked again. hms reports Good(peer4)
   * first; peers 3 and 2 are asked again together, so their two results may come in either order.
   */
  @Test
  void shouldFollowLatestCheckpointWhenPeersAreBatchesApart() throws Exception {
    PeerId p2 = new PeerId("peer2");
    PeerId p3 = new PeerId("peer3");
    PeerId p4 = new PeerId("peer4");
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(Chains.test(8, 0, 0, 31));
      f.server(p2, Chains.test(8, 0, 1, 31));
      f.server(p3, Chains.test(8, 0, 2, 31));
      TestChain chain4 = f.server(p4, Chains.test(8, 0, 3, 31));
      f.connect(p2, p3, p4); // all three are announced together when the sync starts
      f.start(SyncFixture.testSettings());
      assertThat(f.nextReturn()).isEqualTo(new MacroSyncReturn.Good(p4));
      List<MacroSyncReturn> rest = List.of(f.nextReturn(), f.nextReturn());
      assertThat(rest).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(MacroSyncReturn.Outdated.class,
          o -> assertThat(o.reason()).isEqualTo(OutdatedReason.NOTHING_NEW)));
      assertThat(rest.stream().map(MacroSyncReturn::peer).collect(Collectors.toSet())).isEqualTo(Set.of(p2, p3));
      StoreComparison.assertSameChain(f.node().chain(), chain4.chain());
      for (PeerId stale : List.of(p2, p3)) {
        assertThat(f.hub().served(stale, RequestType.BATCH_SET)).isZero();
        assertThat(f.hub().served(stale, RequestType.HISTORY_CHUNK)).isZero();
      }
    }
  }

  /** §6.5 case 8 (a): the second of two identical peers disconnects mid-sync and stays away. */
  @Test
  void shouldFinishFromRemainingPeerWhenOtherDisconnectsMidSync() throws Exception {
    disconnectDuringSync(false);
  }

  /** §6.5 case 8 (b): the second peer disconnects mid-sync and comes back later. */
  @Test
  void shouldFinishWhenPeerDisconnectsAndReconnectsMidSync() throws Exception {
    disconnectDuringSync(true);
  }

  private void disconnectDuringSync(boolean reconnect) throws Exception {
    GeneratorOptions options = Chains.test(9, 1, 3, 31);
    PeerId p1 = new PeerId("peer1");
    PeerId p2 = new PeerId("peer2");
    try (SyncFixture f = new SyncFixture(KIT, dir)) {
      f.node(options);
      TestChain chain1 = f.server(p1, options);
      f.server(p2, options);
      Interceptor slow = (requester, request, honest) -> new Interceptor.Delay(Duration.ofMillis(30));
      f.hub().intercept(p1, slow);
      f.hub().intercept(p2, slow);
      f.connect(p1, p2);
      f.start(SyncFixture.testSettings());
      SyncEvent e;
      do {
        e = f.next();
      } while (!(e instanceof SyncEvent.ChunkReceived));
      f.hub().disconnect(SyncFixture.NODE, p2);
      if (reconnect) {
        do {
          e = f.next();
        } while (!(e instanceof SyncEvent.BatchSetApplied));
        f.connect(p2);
      }
      f.awaitSynced();
      assertThat(f.returnsOf(p1)).first().isEqualTo(new MacroSyncReturn.Good(p1));
      if (reconnect) {
        // asked again while its epoch was queued but not yet applied, peer2 may first have had
        // nothing new; it is asked again once that epoch is applied
        assertThat(f.returnsOf(p2)).allSatisfy(r -> assertThat(r).matches(x -> x instanceof MacroSyncReturn.Good
            || x instanceof MacroSyncReturn.Outdated o && o.reason() == OutdatedReason.NOTHING_NEW));
      } else {
        assertThat(f.returnsOf(p2)).isEmpty();
      }
      StoreComparison.assertSameChain(f.node().chain(), chain1.chain());
      assertThat(f.seen(SyncEvent.PeerBanned.class)).isEmpty();
      assertThat(f.hub().disconnections()).isEmpty();
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
