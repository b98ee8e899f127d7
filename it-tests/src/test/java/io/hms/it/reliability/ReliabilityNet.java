package io.hms.it.reliability;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.NetworkSettings;
import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.actors.testing.SyncFixture;
import io.hms.actors.transport.LinkShaping;
import io.hms.actors.transport.LocalHandshake;
import io.hms.actors.transport.TcpNetwork;
import io.hms.actors.transport.TransportSettings;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.reliability.HistoryScan;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.assertj.core.api.Assertions;

/**
 * Honest and misbehaving serving nodes and a syncing node on loopback TCP, each in a test
 * directory: servers in one actor system, the syncing node in another. A misbehaving server is the
 * real transport around the real handlers, with a function between the honest answer and the
 * wire; it serves on its own threads, so a server told to stall cannot starve the honest ones.
 * Closing closes everything in reverse order and terminates both systems.
 */
final class ReliabilityNet implements AutoCloseable {
    /**
     * Short request timeouts (2 s) and cluster watchdog (20 s), so the time a liar costs stays small,
     * and a serving quota of 4 MiB/s with a 4 MiB burst at 16 KiB at least per request: a flood of
     * small requests is refused after about 256, while an honest sync of these small chains is not slowed.
     * A started frame of request size must be complete within 2 s (10 s by default), so that slow-loris
     * tests stay short.
     */
    static final HmsSettings SETTINGS =
            reliabilitySettings(SyncFixture.testSettings(), new Quota(4L << 20, 4L << 20, 16 << 10));

    private static HmsSettings reliabilitySettings(HmsSettings s, Quota quota) {
        NetworkSettings.Frames d = NetworkSettings.Frames.DEFAULTS;
        return s.withNetwork(s.network()
                .withServingQuota(quota)
                .withFrames(new NetworkSettings.Frames(
                        d.maxRequestBytes(), Duration.ofSeconds(2), d.responseReadTimeout(), d.lateResponseGrace())));
    }

    /** Requests a flood may get served in {@code elapsedMillis} at most: the burst and the refill, at the minimum cost. */
    static long floodServedAtMost(long elapsedMillis) {
        Quota q = SETTINGS.network().servingQuota();
        return (q.burstBytes() + q.bytesPerSecond() * (elapsedMillis + 1) / 1000) / q.minRequestBytes() + 1;
    }

    private final Path dir;
    private final ActorSystem<Void> servers = NodeSystem.create("reliability-servers");
    private final ActorSystem<Void> client = NodeSystem.create("reliability-client");
    private final ExecutorService misbehaving = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "misbehaving-server");
        t.setDaemon(true);
        return t;
    });
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    ReliabilityNet(Path dir) {
        this.dir = dir;
    }

    TestChain chain(String name, GeneratorOptions options) throws Exception {
        return track(TestChains.create(dir.resolve(name), options));
    }

    TestChain emptyChain(String name, GeneratorOptions options) throws Exception {
        return track(TestChains.createEmpty(dir.resolve(name), options));
    }

    /** A store holding the first {@code batches} batches of {@code source}. */
    TestChain prefix(String name, TestChain source, int batches) throws Exception {
        TestChain c = emptyChain(name, source.generator().options());
        TestChains.push(c.chain(), source.batches().subList(0, batches));
        return c;
    }

    InetSocketAddress honest(ChainView chain) throws Exception {
        return honest(chain, LinkShaping.NONE);
    }

    /** An honest server whose outbound link is shaped (latency, bandwidth). */
    InetSocketAddress honest(ChainView chain, LinkShaping shaping) throws Exception {
        return track(ServingNode.start(
                        servers, chain, NodeConfig.defaults(SETTINGS).withShaping(shaping)))
                .address();
    }

    /**
     * A serving node whose every answer passes through {@code lie} (request, honest answer) → what
     * is sent. It advertises the chain's services and identity like an honest node.
     */
    InetSocketAddress lying(ChainView chain, BiFunction<Request, Response, Response> lie) throws Exception {
        RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
        TcpNetwork network = TcpNetwork.builder(
                        servers,
                        LocalHandshake.create(
                                chain.spec().networkId(), chain.spec().genesisHash(), chain.services()))
                .settings(TransportSettings.of(SETTINGS.network()))
                .serving(request -> lie.apply(request, handlers.handle(request, chain)), misbehaving)
                .build();
        track(network);
        return network.bind("127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * A lying node like {@link #lying} that does not listen but dials, from {@code localIp} (127.0.0.2
     * and up stand for other hosts on loopback) with node id {@code name}: a peer that connects to
     * the syncing node. Nothing is dialed yet.
     */
    TcpNetwork lyingDialer(ChainView chain, BiFunction<Request, Response, Response> lie, String localIp, String name)
            throws Exception {
        RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
        return track(TcpNetwork.builder(
                        servers,
                        LocalHandshake.create(
                                chain.spec().networkId(), chain.spec().genesisHash(), chain.services(), name))
                .settings(TransportSettings.of(SETTINGS.network()))
                .serving(request -> lie.apply(request, handlers.handle(request, chain)), misbehaving)
                .dialFrom(java.net.InetAddress.getByName(localIp))
                .build());
    }

    /** The actor system syncing nodes run in. */
    ActorSystem<Void> clientSystem() {
        return client;
    }

    SyncingNode sync(TestChain node, List<InetSocketAddress> peers) throws Exception {
        return track(SyncingNode.start(
                client, node.chain(), NodeConfig.defaults(SETTINGS).withPeers(peers)));
    }

    /** Waits for the first Synced event (at most 90 s: a hang fails the test instead of blocking CI). */
    static SyncEvent.Synced awaitSynced(SyncingNode node) throws Exception {
        return node.firstSynced().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    /** The store equals the source (heads, roots, leaf counts, totals) and scans clean. */
    static void assertSameChainAndClean(ChainView node, ChainView source) {
        StoreComparison.assertSameChain(node, source);
        Assertions.assertThat(HistoryScan.problems(node))
                .as("scan of the synced store")
                .isEmpty();
    }

    /**
     * Whatever the store holds is verified data of the source chain: every main-chain block up to its
     * head is the source's block (by hash: blocks below an info's final one are stored without
     * justification), every stored leaf is the source's, and the store scans clean. A sync may keep
     * the batch sets it could verify even when no peer lets it finish (the info from one peer, the
     * chunks from another).
     */
    static void assertVerifiedPrefix(ChainView node, ChainView source) {
        io.hms.protocol.Policy p = node.spec().policy();
        long head = node.headBlockNumber();
        Assertions.assertThat(head).isLessThanOrEqualTo(source.headBlockNumber());
        for (long n = p.genesisBlockNumber(); n <= head; n += p.blocksPerBatch()) {
            long number = n;
            node.mainChainBlockAt(n)
                    .ifPresent(b -> Assertions.assertThat(b.hash())
                            .as("block %d", number)
                            .isEqualTo(source.mainChainBlockAt(number)
                                    .orElseThrow()
                                    .hash()));
        }
        for (long e = 1; e <= p.epochAt(head); e++) {
            long length = node.historyLength(e);
            Assertions.assertThat(node.history(e, 0, (int) length))
                    .as("history of epoch %d", e)
                    .isEqualTo(source.history(e, 0, (int) length));
        }
        Assertions.assertThat(HistoryScan.problems(node))
                .as("scan of the store")
                .isEmpty();
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.push(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
        misbehaving.shutdownNow();
        client.terminate();
        servers.terminate();
        client.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        servers.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
