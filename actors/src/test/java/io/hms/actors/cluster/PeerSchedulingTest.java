package io.hms.actors.cluster;

import static io.hms.actors.testing.SyncFixture.PACING;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.hms.actors.job.JobActor;
import io.hms.actors.local.Interceptor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import io.hms.verifier.BatchSetVerifyState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduling by measured speed as the product runs it (issue 12): a ClusterActor's stream over real
 * PeerActors on the in-JVM network, with time driven by {@link ManualTime}. Deadlines, duplicate
 * checks and asks all run on the actor system's scheduler, so a request that a peer never answers
 * ends only when the test moves time; answers of the other peers arrive at once. Whether a sync
 * needed a timeout is read from how much (manual) time had to pass, not from a wall clock.
 */
class PeerSchedulingTest {
    static final ActorTestKit KIT =
            ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final Policy P = Policy.TEST;
    static final PeerId NODE = new PeerId("node");
    static final PeerId HONEST = new PeerId("honest");
    /** Sorts first, so it gets the first requests while nothing is measured. */
    static final PeerId SILENT = new PeerId("a-silent");

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration STEP = Duration.ofMillis(100);
    static final HmsSettings SETTINGS =
            SyncFixture.withTimeouts(SyncFixture.testSettings(), TIMEOUT, Duration.ofHours(1), Duration.ofHours(1));

    @TempDir
    static Path dir;

    static TestChain served;

    final LocalNetworkHub hub = new LocalNetworkHub(2);
    final TestProbe<Object> supervisor = KIT.createTestProbe();

    @BeforeAll
    static void createChain() throws Exception {
        served = TestChains.create(dir.resolve("served"), Chains.test(31, 3, 0, 31 * 100)); // 13 chunks an epoch
    }

    @AfterAll
    static void shutdown() {
        served.close();
        KIT.shutdownTestKit();
    }

    @AfterEach
    void close() {
        hub.close();
    }

    Map<PeerId, ActorRef<PeerActor.Command>> connect(PeerId... ids) {
        hub.register(NODE, served.chain(), 0);
        Map<PeerId, ActorRef<PeerActor.Command>> peers = new LinkedHashMap<>();
        for (PeerId p : ids) {
            hub.register(p, served.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
            hub.connect(NODE, p);
            peers.put(p, KIT.spawn(PeerActor.create(p, hub.network(NODE), 16, PACING, Clock.systemUTC())));
        }
        return peers;
    }

    void spawn(int epochs, Map<PeerId, ActorRef<PeerActor.Command>> peers) {
        List<Hash> ids = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            ids.add(served.chain()
                    .mainChainBlockAt(P.electionBlockOf(e))
                    .orElseThrow()
                    .hash());
        }
        SyncCluster cluster = SyncCluster.ofEpochs(3, ids, 1, P.electionBlockOf(1), PeerList.of(peers.keySet()));
        var genesis = served.spec().genesis();
        ClusterStart start = new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(served.spec().networkId(), genesis),
                genesis.blockNumber(),
                genesis.blockNumber(),
                0);
        KIT.spawn(ClusterActor.create(
                cluster,
                start,
                peers,
                P,
                SETTINGS.sync(),
                SETTINGS.syncActors(),
                supervisor.getRef().narrow(),
                supervisor.getRef().narrow()));
    }

    @Test
    void shouldCostAtMostOneRequestTimeoutWhenAPeerNeverAnswers() {
        Set<Class<?>> dropped = Set.of(RequestBatchSet.class, RequestHistoryChunk.class);
        hub.intercept(
                SILENT,
                (from, request, honest) -> dropped.contains(request.getClass())
                        ? Interceptor.Drop.INSTANCE
                        : Interceptor.Deliver.INSTANCE);
        spawn(3, connect(SILENT, HONEST));

        Duration passed = driveUntilDone();

        // issue 12: a silent peer made a sync 24-40x slower; here it costs at most one request timeout
        assertThat(passed).isLessThanOrEqualTo(TIMEOUT);
        long askedOfSilent = hub.served(SILENT, RequestType.BATCH_SET) + hub.served(SILENT, RequestType.HISTORY_CHUNK);
        assertThat(askedOfSilent)
                .as("its initial window, no more: it never answered")
                .isLessThanOrEqualTo(SETTINGS.syncActors().scheduling().initialWindow());
    }

    @Test
    void shouldDuplicateRequestsHeldByASlowPeerOnTheFastOneBeforeAnyDeadline() {
        Map<PeerId, ActorRef<PeerActor.Command>> peers = connect(SILENT, HONEST);
        // "slow": answers only after a day of real time, i.e. never during this test
        hub.intercept(
                SILENT,
                (from, request, honest) -> request instanceof RequestHistoryChunk
                        ? new Interceptor.Delay(Duration.ofDays(1))
                        : Interceptor.Deliver.INSTANCE);
        spawn(3, peers);

        Duration passed = driveUntilDone();

        assertThat(passed).as("no deadline had to pass").isLessThan(TIMEOUT);
        assertThat(hub.served(SILENT, RequestType.HISTORY_CHUNK))
                .as("the slow peer held some chunks")
                .isPositive();
    }

    /**
     * Acknowledges hand-offs and lets manual time pass in steps whenever nothing arrives, until the
     * download ends; how much manual time had to pass.
     */
    Duration driveUntilDone() {
        Duration passed = Duration.ZERO;
        while (passed.compareTo(TIMEOUT.multipliedBy(3)) < 0) {
            Object e = poll();
            if (e instanceof JobActor.Push d) {
                d.ackTo()
                        .tell(new JobActor.Accepted(
                                d.clusterId(), d.batchSet().block().hash(), true));
            } else if (e instanceof ClusterEvent.DownloadFinished f) {
                assertThat(f.outcome()).as(f.reason()).isEqualTo(ClusterOutcome.COMPLETED);
                return passed;
            } else if (e == null) {
                TIME.timePasses(STEP);
                passed = passed.plus(STEP);
            }
        }
        throw new AssertionError("download did not end within " + passed + " of manual time");
    }

    /** The next message if one arrives soon (answers of the live peer come on real threads). */
    Object poll() {
        try {
            return supervisor.receiveMessage(Duration.ofMillis(200));
        } catch (AssertionError none) {
            return null;
        }
    }

    @Test
    void shouldFailARequestToAStoppedPeerActorWithinOneTimeoutAndTheMargin() throws Exception {
        // takes the Send and never answers, as a PeerActor that stops with its peer right after (a
        // ref already terminated fails the ask at once)
        ActorRef<PeerActor.Command> stopped =
                KIT.<PeerActor.Command>createTestProbe().getRef();
        TestProbe<Object> cluster = KIT.createTestProbe();
        Duration margin = SETTINGS.syncActors().replyMargin();
        PeerFetch fetch = new PeerFetch(
                cluster.getRef().unsafeUpcast(),
                KIT.scheduler(),
                KIT.system().executionContext(),
                TIMEOUT,
                PeerActor.replyWithin(TIMEOUT, margin));
        CompletableFuture<PeerFetch.Result<Object>> result = fetch.fetch(
                        new RequestBatchSet(Hash.ZERO),
                        PeerFetch.Judge.inline((peer, response) -> new PeerFetch.Ok<Object>(response)),
                        PeerFetch.Tries.none())
                .toCompletableFuture();
        ClusterActor.PickPeer pick = cluster.expectMessageClass(ClusterActor.PickPeer.class);
        pick.replyTo().tell(new PeerChoice.Picked(SILENT, stopped, 1, 7, Duration.ofHours(1)));

        TIME.timePasses(TIMEOUT.plus(margin).minusMillis(1));
        cluster.expectNoMessage(Duration.ofMillis(200));
        TIME.timePasses(Duration.ofMillis(1));

        assertThat(cluster.receiveMessage())
                .isEqualTo(new ClusterActor.TryEnded(7, io.hms.engine.sync.peers.TryOutcome.TIMED_OUT));
        cluster.expectMessageClass(ClusterActor.PickPeer.class).replyTo().tell(PeerChoice.None.INSTANCE);
        assertThat(result.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        PeerFetch.GaveUp.class, g -> assertThat(g.reason()).contains("peer actor did not answer"));
    }
}
