package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.Interceptor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.sync.HistorySync;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.it.reliability.ChaosScenario.Peer;
import io.hms.it.reliability.ChaosScenario.Role;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs one {@link ChaosScenario} with the real sync actors over the in-JVM hub: the node runs, is
 * stopped at each planned crash (its store closed and reopened, as after a restart) and runs again,
 * each time with a fresh hub to the same serving stores. The invariants are checked after every
 * crash and at the end; a violation fails with the scenario, so the seed can be run again.
 */
final class ChaosRun {
    static final PeerId NODE = new PeerId("node");

    /** How long the last run may take to report Synced when a peer serves the whole truth. */
    static final Duration SYNC_DEADLINE = Duration.ofSeconds(90);

    /** How long the last run lasts when nobody can sync the node: the node must just stay consistent. */
    static final Duration NO_TRUTH_RUN = Duration.ofSeconds(3);

    /** The serving stores: the truth, a prefix of it, and a fork of it. */
    record World(TestChain truth, TestChain behind, TestChain fork) {}

    private final ActorTestKit kit;
    private final World world;
    private final ChaosScenario scenario;
    private final Path nodeDir;
    private final List<SyncEvent> events = new CopyOnWriteArrayList<>();
    private final Map<PeerId, Interceptor> interceptors;
    private int lives;

    ChaosRun(ActorTestKit kit, World world, ChaosScenario scenario, Path nodeDir) {
        this.kit = kit;
        this.world = world;
        this.scenario = scenario;
        this.nodeDir = nodeDir;
        this.interceptors = scenario.peers().stream().collect(Collectors.toMap(Peer::id, this::interceptor));
    }

    /** Runs the scenario; returns the number of node runs (crashes + 1). */
    int run() throws Exception {
        RocksDbBlockchain.create(nodeDir, world.truth().spec(), TestChains.TEST_STORE)
                .close();
        for (int crashAfter : scenario.crashAfterMillis()) {
            live(Duration.ofMillis(crashAfter), false);
        }
        live(scenario.anyPeerServesTheWholeTruth() ? SYNC_DEADLINE : NO_TRUTH_RUN, true);
        return lives;
    }

    List<SyncEvent> events() {
        return events;
    }

    /** One run of the node: until {@code limit}, or (when {@code last} and the truth is served) until Synced. */
    private void live(Duration limit, boolean last) throws Exception {
        lives++;
        Blockchain node = RocksDbBlockchain.open(nodeDir, TestChains.TEST_STORE);
        LocalNetworkHub hub = new LocalNetworkHub(4);
        HistorySync sync = null;
        try {
            for (Peer p : scenario.peers()) {
                hub.register(p.id(), served(p.role()).chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
                hub.intercept(p.id(), interceptors.get(p.id()));
            }
            hub.register(NODE, node, node.services());
            sync = HistorySync.start(
                    kit.system(), node, hub.network(NODE), ReliabilityNet.SETTINGS, List.of(collector()));
            scenario.peers().forEach(p -> hub.connect(NODE, p.id()));
            boolean synced = runFor(hub, limit, last && scenario.anyPeerServesTheWholeTruth());
            if (last && scenario.anyPeerServesTheWholeTruth()) {
                assertThat(synced)
                        .as("Synced within %s of the last restart", limit)
                        .isTrue();
            }
        } finally {
            if (sync != null) {
                sync.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            hub.close();
            node.close();
        }
        checkInvariants(last);
    }

    /** Lets the node run, flapping the flapping peers; true once Synced was reported in this run. */
    private boolean runFor(LocalNetworkHub hub, Duration limit, boolean untilSynced) throws InterruptedException {
        int eventsBefore = events.size();
        long end = System.nanoTime() + limit.toNanos();
        long nextFlap = System.nanoTime() + scenario.flapEveryMillis() * 1_000_000L;
        boolean flappedAway = false;
        while (System.nanoTime() < end) {
            if (untilSynced && syncedSince(eventsBefore)) {
                return true;
            }
            if (System.nanoTime() >= nextFlap) {
                for (Peer p : scenario.peers()) {
                    if (p.role() == Role.FLAPPING) {
                        if (flappedAway) {
                            hub.connect(NODE, p.id());
                        } else {
                            hub.disconnect(NODE, p.id());
                        }
                    }
                }
                flappedAway = !flappedAway;
                // a flapping peer stays away shorter than it stays, so it is reachable long enough
                nextFlap = System.nanoTime()
                        + (flappedAway ? scenario.flapEveryMillis() / 4 : scenario.flapEveryMillis()) * 1_000_000L;
            }
            Thread.sleep(10);
        }
        return syncedSince(eventsBefore);
    }

    private boolean syncedSince(int index) {
        // by index: a subList of the copy-on-write list fails (ConcurrentModificationException) when the
        // sync adds an event while it is streamed
        for (int i = index; i < events.size(); i++) {
            if (events.get(i) instanceof SyncEvent.Synced) {
                return true;
            }
        }
        return false;
    }

    /**
     * After every run: the store holds only verified data of the true chain and scans clean, and no
     * peer that only tells the truth it has was banned. At the end, when a peer served the whole
     * truth, the store equals the truth (or the fork, see {@link #eitherChain}).
     */
    private void checkInvariants(boolean last) throws Exception {
        try (Blockchain node = RocksDbBlockchain.open(nodeDir, TestChains.TEST_STORE)) {
            eitherChain(c -> ReliabilityNet.assertVerifiedPrefix(node, c));
            if (last && scenario.anyPeerServesTheWholeTruth()) {
                eitherChain(c -> ReliabilityNet.assertSameChainAndClean(node, c));
            }
        }
        List<PeerId> honest = scenario.honestPeers();
        assertThat(events.stream()
                        .filter(e -> e instanceof SyncEvent.PeerBanned)
                        .map(e -> (SyncEvent.PeerBanned) e)
                        .filter(b -> honest.contains(b.peer()))
                        .toList())
                .as("bans of peers that never lied")
                .isEmpty();
    }

    /**
     * Runs {@code check} against the true chain and, when a peer serves the fork, against the fork:
     * it must hold for one of them. The fork is justified by the same validators (an equivocation the
     * generator can make), so for the node it is as valid as the truth; which one it follows depends
     * on which peers it hears first, and either is correct as long as it holds nothing else.
     */
    private void eitherChain(java.util.function.Consumer<ChainView> check) {
        try {
            check.accept(world.truth().chain());
        } catch (AssertionError onTruth) {
            if (scenario.peers().stream().noneMatch(p -> p.role() == Role.FORKED)) {
                throw onTruth;
            }
            try {
                check.accept(world.fork().chain());
            } catch (AssertionError onFork) {
                onTruth.addSuppressed(onFork);
                throw onTruth;
            }
        }
    }

    private TestChain served(Role role) {
        return switch (role) {
            case BEHIND -> world.behind();
            case FORKED -> world.fork();
            default -> world.truth();
        };
    }

    private Interceptor interceptor(Peer peer) {
        ChainView truth = world.truth().chain();
        return switch (peer.role()) {
            case HONEST, BEHIND, FORKED, FLAPPING -> Interceptor.honest();
            case SILENT ->
                (requester, request, honest) ->
                        isData(request) ? Interceptor.Drop.INSTANCE : Interceptor.Deliver.INSTANCE;
            case SLOW ->
                (requester, request, honest) -> isData(request)
                        ? new Interceptor.Delay(Duration.ofMillis(peer.delayMillis()))
                        : Interceptor.Deliver.INSTANCE;
            case LIAR -> lying(r -> peer.lie().apply(truth, r.request, r.honest));
            case TURNCOAT -> {
                AtomicInteger answered = new AtomicInteger();
                yield lying(r -> answered.incrementAndGet() > peer.honestAnswers()
                        ? peer.lie().apply(truth, r.request, r.honest)
                        : r.honest);
            }
        };
    }

    private record Answer(io.hms.protocol.message.Request request, Response honest) {}

    private static Interceptor lying(Function<Answer, Response> lie) {
        return (requester, request, honest) -> {
            Response told = lie.apply(new Answer(request, honest));
            return told == honest ? Interceptor.Deliver.INSTANCE : new Interceptor.Replace(told);
        };
    }

    private static boolean isData(Object request) {
        return request instanceof RequestBatchSet || request instanceof RequestHistoryChunk;
    }

    private ActorRef<SyncEvent> collector() {
        return kit.spawn(Behaviors.receive(SyncEvent.class)
                .onAnyMessage(e -> {
                    events.add(e);
                    return Behaviors.same();
                })
                .build());
    }
}
