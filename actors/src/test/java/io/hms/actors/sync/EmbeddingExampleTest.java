package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.Network;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example of docs/EMBEDDING.md and checks that the document shows exactly this code. */
class EmbeddingExampleTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final String START = "// example:start";
    static final String END = "// example:end";

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static void runExample(ActorSystem<?> system, Blockchain chain, Network network) throws Exception {
        // example:start
        HmsSettings settings = HmsSettings.create(system.settings().config());
        HistorySync sync = HistorySync.start(system, chain, network, settings);

        // Per-peer results and progress as a Pekko Streams source ...
        sync.events()
                .filter(e -> e instanceof MacroSyncReturn || e instanceof SyncEvent.BatchSetApplied)
                .runForeach(e -> System.out.println("sync: " + e), system);

        // ... or just wait until enough peers are Good and nothing is pending.
        SyncEvent.Synced synced = sync.whenSynced().toCompletableFuture().get(1, TimeUnit.MINUTES);
        System.out.println("synced to block " + synced.headBlockNumber() + " from " + synced.goodPeers());

        // Stop before closing the chain: the running push (if any) completes first.
        sync.stop().toCompletableFuture().get(1, TimeUnit.MINUTES);
        // example:end
    }

    @Test
    void shouldSyncWhenEmbeddingExampleRuns(@TempDir Path dir) throws Exception {
        GeneratorOptions options = Chains.test(31, 2, 1, 31);
        PeerId node = new PeerId("node");
        PeerId peer = new PeerId("peer");
        try (LocalNetworkHub hub = new LocalNetworkHub(2);
                TestChain ours = TestChains.createEmpty(dir.resolve("node"), options);
                TestChain theirs = TestChains.create(dir.resolve("peer"), options)) {
            hub.register(node, ours.chain(), ours.chain().services());
            hub.register(peer, theirs.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
            hub.connect(node, peer);
            runExample(KIT.system(), ours.chain(), hub.network(node));
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
        Path module = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(module.resolve("src/test/java/io/hms/actors/sync/EmbeddingExampleTest.java"));
        String tested = source.substring(
                source.indexOf(START, source.indexOf("runExample")) + START.length(),
                source.indexOf(END, source.indexOf("runExample")));
        String doc = Files.readString(module.resolve("../docs/EMBEDDING.md"));
        int block = doc.indexOf("```java");
        String shown = doc.substring(block + "```java".length(), doc.indexOf("```", block + 7));
        assertThat(normalize(shown)).isEqualTo(normalize(tested));
    }

    /** Lines without indentation, blank lines dropped. */
    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
