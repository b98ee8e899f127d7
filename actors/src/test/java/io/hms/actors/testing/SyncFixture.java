package io.hms.actors.testing;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.Network;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.actors.sync.HistorySync;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreException;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/**
 * A node that syncs over an in-JVM {@link LocalNetworkHub} from serving nodes holding generated
 * chains in real RocksDB stores, with every event it reports collected on a probe. Closing it
 * stops the sync (waiting for the running push), the hub and every store.
 */
public final class SyncFixture implements AutoCloseable {
    public static final PeerId NODE = new PeerId("node");
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ActorTestKit kit;
    private final Path dir;
    private final LocalNetworkHub hub = new LocalNetworkHub(4);
    private final Map<PeerId, TestChain> servers = new LinkedHashMap<>();
    private final List<SyncEvent> seen = new ArrayList<>();
    private TestChain node;
    private HistorySync sync;
    private TestProbe<SyncEvent> probe;

    public SyncFixture(ActorTestKit kit, Path dir) {
        this.kit = kit;
        this.dir = dir;
    }

    /** The default pacing of a peer that answers RATE_LIMITED. */
    public static final Pacing PACING = HmsSettings.defaults().syncActors().pacing();

    /**
     * Short timeouts, otherwise the defaults of {@code reference.conf}: a request's deadline is 2 s
     * from its hand-over, so an ask that went to a PeerActor stopping with its peer is retried after
     * 2 s and the reply margin.
     */
    public static HmsSettings testSettings() {
        HmsSettings d = HmsSettings.defaults();
        SyncSettings s = d.sync();
        return d.withSync(new SyncSettings(
                        s.maxClusters(),
                        s.maxQueuedJobs(),
                        s.batchSetsInFlight(),
                        s.chunksInFlight(),
                        s.maxRequestEpochs(),
                        s.chunkSize(),
                        s.minAttempts(),
                        s.maxAttempts(),
                        Duration.ofSeconds(2),
                        s.recheckInterval(),
                        Duration.ofSeconds(20)))
                .withSyncActors(d.syncActors()
                        .withMacroChainTimeout(Duration.ofSeconds(2))
                        .withPacing(new Pacing(Duration.ofMillis(50), Duration.ofSeconds(1))));
    }

    /** {@code settings} staging every batch set needing more than {@code items} items in the store. */
    public static HmsSettings withStaging(HmsSettings settings, long items) {
        return settings.withSyncActors(settings.syncActors().withStageAboveItems(items));
    }

    /** {@code settings} with other batch-set and chunk windows. */
    public static HmsSettings withWindows(HmsSettings settings, int batchSetsInFlight, int chunksInFlight) {
        SyncSettings s = settings.sync();
        return settings.withSync(new SyncSettings(
                s.maxClusters(),
                s.maxQueuedJobs(),
                batchSetsInFlight,
                chunksInFlight,
                s.maxRequestEpochs(),
                s.chunkSize(),
                s.minAttempts(),
                s.maxAttempts(),
                s.requestTimeout(),
                s.recheckInterval(),
                s.clusterProgressTimeout()));
    }

    /** {@code settings} asking for at most {@code maxEpochs} epoch ids per request. */
    public static HmsSettings withMaxRequestEpochs(HmsSettings settings, int maxEpochs) {
        SyncSettings s = settings.sync();
        return settings.withSync(new SyncSettings(
                s.maxClusters(),
                s.maxQueuedJobs(),
                s.batchSetsInFlight(),
                s.chunksInFlight(),
                maxEpochs,
                s.chunkSize(),
                s.minAttempts(),
                s.maxAttempts(),
                s.requestTimeout(),
                s.recheckInterval(),
                s.clusterProgressTimeout()));
    }

    /** The syncing node's store: the genesis of {@code options} and its first {@code preloaded} batches. */
    public TestChain node(GeneratorOptions options, int preloaded) throws StoreException {
        node = TestChains.createEmpty(dir.resolve("node"), options);
        List<GeneratedBatch> batches = new io.hms.engine.generator.ChainGenerator(options).generateAll();
        TestChains.push(node.chain(), batches.subList(0, preloaded));
        hub.register(NODE, node.chain(), node.chain().services());
        return node;
    }

    public TestChain node(GeneratorOptions options) throws StoreException {
        return node(options, 0);
    }

    /** A serving peer offering HISTORY and FULL_BLOCKS. */
    public TestChain server(PeerId id, GeneratorOptions options) throws StoreException {
        return server(id, options, Services.REQUIRED_FOR_HISTORY_SYNC);
    }

    public TestChain server(PeerId id, GeneratorOptions options, long services) throws StoreException {
        TestChain chain = TestChains.create(dir.resolve("server-" + id.value()), options);
        servers.put(id, chain);
        hub.register(id, chain.chain(), services);
        return chain;
    }

    /**
     * Starts the sync with the probe subscribed from the start. Peers connected before this call
     * are announced to the sync together, before it hears any reply.
     */
    public HistorySync start(HmsSettings settings) {
        return start(settings, UnaryOperator.identity());
    }

    /** Like {@link #start(HmsSettings)} over {@code wrap} applied to the node's network (e.g. a {@link RecordingNetwork}). */
    public HistorySync start(HmsSettings settings, UnaryOperator<Network> wrap) {
        probe = kit.createTestProbe(SyncEvent.class);
        sync = HistorySync.start(
                kit.system(), node.chain(), wrap.apply(hub.network(NODE)), settings, List.of(probe.getRef()));
        return sync;
    }

    /** {@code settings} with other request, re-check and watchdog timeouts. */
    public static HmsSettings withTimeouts(
            HmsSettings settings, Duration requestTimeout, Duration recheckInterval, Duration clusterProgressTimeout) {
        SyncSettings s = settings.sync();
        return settings.withSync(new SyncSettings(
                s.maxClusters(),
                s.maxQueuedJobs(),
                s.batchSetsInFlight(),
                s.chunksInFlight(),
                s.maxRequestEpochs(),
                s.chunkSize(),
                s.minAttempts(),
                s.maxAttempts(),
                requestTimeout,
                recheckInterval,
                clusterProgressTimeout));
    }

    public void connect(PeerId... peers) {
        for (PeerId p : peers) {
            hub.connect(NODE, p);
        }
    }

    /** The next per-peer result, skipping (and recording) progress events. */
    public MacroSyncReturn nextReturn() {
        while (true) {
            SyncEvent e = next();
            if (e instanceof MacroSyncReturn r) {
                return r;
            }
        }
    }

    /** Waits for the node to report it is synced. */
    public SyncEvent.Synced awaitSynced() {
        while (true) {
            SyncEvent e = next();
            if (e instanceof SyncEvent.Synced s) {
                return s;
            }
        }
    }

    public SyncEvent next() {
        SyncEvent e = probe.receiveMessage(WAIT);
        seen.add(e);
        return e;
    }

    /** Every event received so far, in order. */
    public List<SyncEvent> seen() {
        return List.copyOf(seen);
    }

    public <T extends SyncEvent> List<T> seen(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<MacroSyncReturn> returnsOf(PeerId peer) {
        return seen(MacroSyncReturn.class).stream()
                .filter(r -> r.peer().equals(peer))
                .toList();
    }

    public TestChain node() {
        return node;
    }

    public TestChain server(PeerId id) {
        return servers.get(id);
    }

    public LocalNetworkHub hub() {
        return hub;
    }

    public HistorySync sync() {
        return sync;
    }

    public TestProbe<SyncEvent> probe() {
        return probe;
    }

    @Override
    public void close() {
        try {
            if (sync != null) {
                sync.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the sync did not stop", e);
        } finally {
            hub.close();
            if (node != null) {
                node.close();
            }
            servers.values().forEach(TestChain::close);
        }
    }
}
