package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.ServingNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.transport.LocalHandshake;
import io.hms.actors.transport.ServingPool;
import io.hms.actors.transport.TcpNetwork;
import io.hms.actors.transport.TransportSettings;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Services;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example of docs/EMBEDDING.md and the README (a sync over TCP into a new store) and checks
 * that both documents show exactly this code.
 */
class EmbeddingExampleTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final String START = "// example:start";
    static final String END = "// example:end";

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Syncs the chain of {@code spec} into a store in {@code dataDir} from the hms node at {@code peer}. */
    static void runExample(ActorSystem<?> system, Path dataDir, ChainSpec spec, InetSocketAddress peer)
            throws Exception {
        // example:start
        HmsSettings settings = HmsSettings.create(system.settings().config());

        // The chain store: RocksDB in dataDir/store, created from the chain's spec (its genesis) if new.
        RocksDbBlockchain chain = new DataDirectory(dataDir).openOrCreate(spec, StoreOptions.ARCHIVE);

        // The TCP network: our handshake, the serving side (peers may sync what we have applied),
        // bans kept in the store. Requests are answered on a bounded pool, never on Pekko's threads.
        RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
        ServingPool pool = ServingPool.create("hms-serving", settings.network().servingPool());
        TcpNetwork network = TcpNetwork.builder(
                        system, LocalHandshake.create(spec.networkId(), spec.genesisHash(), chain.services()))
                .settings(TransportSettings.of(settings.network()))
                .serving(request -> handlers.handle(request, chain), pool)
                .bans(chain.peerBans())
                .build();
        network.bind("127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // Start the sync, then dial peers (redialed with backoff if the connection drops).
        HistorySync sync = HistorySync.start(system, chain, network, settings);
        network.connect(peer);

        // Per-peer results and progress as a Pekko Streams source ...
        sync.events()
                .filter(e -> e instanceof MacroSyncReturn || e instanceof SyncEvent.BatchSetApplied)
                .runForeach(e -> System.out.println("sync: " + e), system);

        // ... or just wait until enough peers are Good and nothing is pending.
        SyncEvent.Synced synced = sync.whenSynced().toCompletableFuture().get(1, TimeUnit.MINUTES);
        System.out.println("synced to block " + synced.headBlockNumber() + " from " + synced.goodPeers());

        // Stop the sync before closing the network and the chain: the running push (if any) completes first.
        sync.stop().toCompletableFuture().get(1, TimeUnit.MINUTES);
        network.close();
        pool.close();
        chain.close();
        // example:end
    }

    @Test
    void shouldSyncOverTcpWhenEmbeddingExampleRuns(@TempDir Path dir) throws Exception {
        GeneratorOptions options = Chains.test(31, 2, 1, 31);
        try (TestChain theirs = TestChains.create(dir.resolve("peer"), options);
                ServingNode peer =
                        ServingNode.start(KIT.system(), theirs.chain(), NodeConfig.defaults(HmsSettings.defaults()))) {
            runExample(KIT.system(), dir.resolve("node"), theirs.chain().spec(), peer.address());

            try (RocksDbBlockchain ours = new DataDirectory(dir.resolve("node")).open(StoreOptions.ARCHIVE)) {
                StoreComparison.assertSameChain(ours, theirs.chain());
            }
        }
    }

    @Test
    void shouldSyncOverTheInJvmNetworkWhenAHostBringsItsOwn(@TempDir Path dir) throws Exception {
        GeneratorOptions options = Chains.test(31, 2, 1, 31);
        PeerId node = new PeerId("node");
        PeerId peer = new PeerId("peer");
        try (LocalNetworkHub hub = new LocalNetworkHub(2);
                TestChain ours = TestChains.createEmpty(dir.resolve("node"), options);
                TestChain theirs = TestChains.create(dir.resolve("peer"), options)) {
            hub.register(node, ours.chain(), ours.chain().services());
            hub.register(peer, theirs.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
            hub.connect(node, peer);
            HistorySync sync = HistorySync.start(KIT.system(), ours.chain(), hub.network(node), HmsSettings.defaults());
            sync.whenSynced().toCompletableFuture().get(1, TimeUnit.MINUTES);
            sync.stop().toCompletableFuture().get(1, TimeUnit.MINUTES);
            StoreComparison.assertSameChain(ours.chain(), theirs.chain());
        }
    }

    @Test
    void shouldCompleteStopAtOnceWhenTheSyncHasAlreadyEnded(@TempDir Path dir) throws Exception {
        GeneratorOptions options = Chains.test(31, 1, 0, 31);
        try (LocalNetworkHub hub = new LocalNetworkHub(1);
                TestChain ours = TestChains.createEmpty(dir.resolve("node"), options)) {
            PeerId node = new PeerId("node");
            hub.register(node, ours.chain(), ours.chain().services());
            HistorySync sync = HistorySync.start(KIT.system(), ours.chain(), hub.network(node), HmsSettings.defaults());
            sync.stop().toCompletableFuture().get(1, TimeUnit.MINUTES);

            // the supervisor is gone: a second stop must not wait for an answer that never comes
            var again = sync.stop(java.time.Duration.ofMinutes(5)).toCompletableFuture();
            assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo(org.apache.pekko.Done.getInstance());
        }
    }

    @Test
    void shouldShowExactlyTheTestedCodeWhenEmbeddingDocIsRead() throws Exception {
        assertThat(normalize(firstJavaBlock("../docs/EMBEDDING.md"))).isEqualTo(normalize(tested()));
    }

    @Test
    void shouldShowExactlyTheTestedCodeWhenReadmeIsRead() throws Exception {
        assertThat(normalize(firstJavaBlock("../README.md"))).isEqualTo(normalize(tested()));
    }

    private static String tested() throws Exception {
        Path module = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(module.resolve("src/test/java/io/hms/actors/sync/EmbeddingExampleTest.java"));
        return source.substring(
                source.indexOf(START, source.indexOf("runExample")) + START.length(),
                source.indexOf(END, source.indexOf("runExample")));
    }

    private static String firstJavaBlock(String file) throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("basedir", "."), file));
        int block = doc.indexOf("```java");
        return doc.substring(block + "```java".length(), doc.indexOf("```", block + 7));
    }

    /** Lines without indentation, blank lines dropped. */
    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
