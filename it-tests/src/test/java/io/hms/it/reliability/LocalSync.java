package io.hms.it.reliability;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.Network;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.sync.HistorySync;
import io.hms.actors.sync.SyncStatus;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.awaitility.Awaitility;

/**
 * The actors' sync over the in-JVM {@link LocalNetworkHub} (real codecs, timeouts and
 * disconnects, no sockets), for the defects of the original that only the actor layer can fix.
 * Every event is collected from the sync's start.
 */
final class LocalSync implements AutoCloseable {
    static final PeerId NODE = new PeerId("node");

    private final ActorTestKit kit;
    private final Path dir;
    private final LocalNetworkHub hub = new LocalNetworkHub(4);
    private final List<TestChain> stores = new ArrayList<>();
    private final List<SyncEvent> events = new CopyOnWriteArrayList<>();
    private TestChain node;
    private HistorySync sync;

    LocalSync(ActorTestKit kit, Path dir) {
        this.kit = kit;
        this.dir = dir;
    }

    TestChain server(PeerId id, GeneratorOptions options) throws Exception {
        TestChain c = TestChains.create(dir.resolve("server-" + id.value()), options);
        stores.add(c);
        hub.register(id, c.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
        return c;
    }

    /** Starts the sync over an empty store of {@code options}, seen through {@code wrap}. */
    HistorySync start(GeneratorOptions options, UnaryOperator<Blockchain> wrap) throws Exception {
        return start(options, wrap, UnaryOperator.identity(), ReliabilityNet.SETTINGS);
    }

    /** Like {@link #start(GeneratorOptions, UnaryOperator)} over {@code network} applied to the node's network. */
    HistorySync start(
            GeneratorOptions options,
            UnaryOperator<Blockchain> wrap,
            UnaryOperator<Network> network,
            HmsSettings settings)
            throws Exception {
        node = TestChains.createEmpty(dir.resolve("node"), options);
        Blockchain chain = wrap.apply(node.chain());
        hub.register(NODE, chain, chain.services());
        ActorRef<SyncEvent> collector = kit.spawn(Behaviors.receive(SyncEvent.class)
                .onAnyMessage(e -> {
                    events.add(e);
                    return Behaviors.same();
                })
                .build());
        sync = HistorySync.start(kit.system(), chain, network.apply(hub.network(NODE)), settings, List.of(collector));
        return sync;
    }

    void connect(PeerId... peers) {
        for (PeerId p : peers) {
            hub.connect(NODE, p);
        }
    }

    SyncEvent.Synced awaitSynced() {
        Awaitility.await()
                .atMost(90, TimeUnit.SECONDS)
                .until(() -> events.stream()
                        .anyMatch(e -> e instanceof SyncEvent.Synced || e instanceof SyncEvent.SyncFailed));
        return (SyncEvent.Synced) events.stream()
                .filter(e -> e instanceof SyncEvent.Synced || e instanceof SyncEvent.SyncFailed)
                .findFirst()
                .orElseThrow();
    }

    SyncStatus status() throws Exception {
        return sync.status().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    <T extends SyncEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    LocalNetworkHub hub() {
        return hub;
    }

    TestChain node() {
        return node;
    }

    HistorySync sync() {
        return sync;
    }

    @Override
    public void close() throws Exception {
        try {
            if (sync != null) {
                sync.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            hub.close();
            if (node != null) {
                node.close();
            }
            stores.forEach(TestChain::close);
        }
    }
}
