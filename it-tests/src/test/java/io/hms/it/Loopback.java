package io.hms.it;

import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.SyncFixture;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Nodes on loopback TCP (port 0) for end-to-end scenarios: serving nodes in one actor system, the
 * syncing node in another, stores in a temporary directory. A test registers one per test method
 * ({@code @RegisterExtension final Loopback net = new Loopback();}); after the test it closes
 * everything it opened, in reverse order, terminates both systems and deletes the directory.
 */
final class Loopback implements AutoCloseable, AfterEachCallback {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final ActorSystem<Void> servers = NodeSystem.create("it-servers");
    private final ActorSystem<Void> client = NodeSystem.create("it-client");
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final HmsSettings settings = SyncFixture.testSettings();

    Loopback() {
        try {
            this.dir = Files.createTempDirectory("hms-it-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** A store holding the chain {@code options} generate. */
    TestChain chain(String name, GeneratorOptions options) throws Exception {
        return track(TestChains.create(dir.resolve(name), options));
    }

    /**
     * A store, opened with {@code storeOptions}, holding the chain {@code options} generate as a node
     * that followed it: batch-set boundaries by history size ({@link TestChains#createFollowed}).
     */
    TestChain followedChain(String name, GeneratorOptions options, StoreOptions storeOptions) throws Exception {
        return track(TestChains.createFollowed(dir.resolve(name), options, storeOptions));
    }

    /** A store holding only the genesis of {@code options}. */
    TestChain emptyChain(String name, GeneratorOptions options) throws Exception {
        return track(TestChains.createEmpty(dir.resolve(name), options));
    }

    ServingNode serve(ChainView chain) throws Exception {
        return serve(chain, LinkShaping.NONE);
    }

    ServingNode serve(ChainView chain, LinkShaping shaping) throws Exception {
        return serve(chain, NodeConfig.defaults(settings).withShaping(shaping));
    }

    ServingNode serve(ChainView chain, NodeConfig config) throws Exception {
        return track(ServingNode.start(servers, chain, config));
    }

    SyncingNode sync(TestChain node, List<InetSocketAddress> peers) throws Exception {
        return sync(node, NodeConfig.defaults(settings).withPeers(peers));
    }

    SyncingNode sync(TestChain node, NodeConfig config) throws Exception {
        return track(SyncingNode.start(client, node.chain(), config));
    }

    NodeConfig config() {
        return NodeConfig.defaults(settings);
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
        client.terminate();
        servers.terminate();
        client.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        servers.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
