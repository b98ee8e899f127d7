package io.hms.actors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.job.JobActor;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.ServingNode;
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
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range assigned to a worker before the worker has a connection to any of its peers (a worker just
 * welcomed, or on a loaded machine): it waits for the first of them to connect instead of failing at
 * once for want of a peer to ask, and fails with a reason only when none connects within {@code
 * hms.sync.request-timeout}. A real WorkerActor on real TCP; the coordinator's desk, job queue and
 * event sink are probes.
 */
@ExtendWith(LogCapturingExtension.class)
class WorkerRangeStartTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final Policy P = Policy.TEST;

    @TempDir
    static Path dir;

    static TestChain served;

    @BeforeAll
    static void createChain() throws Exception {
        served = TestChains.create(dir.resolve("served"), Chains.test(72, 2, 0, 31));
    }

    @AfterAll
    static void shutdown() {
        served.close();
        KIT.shutdownTestKit();
    }

    @Test
    void shouldStartARangeWhenItsFirstPeerConnectsInsteadOfFailingForWantOfOne() throws Exception {
        HmsSettings settings = SyncFixture.testSettings();
        try (ServingNode peer = ServingNode.start(KIT.system(), served.chain(), NodeConfig.defaults(settings))) {
            ActorRef<WorkerActor.Command> worker = welcomedWorker(settings);
            TestProbe<JobActor.Command> jobs = KIT.createTestProbe();
            TestProbe<ClusterEvent> events = KIT.createTestProbe();

            // the worker dials the range's peer only now: no connection can be up when the range arrives
            worker.tell(assign(7, dialedId(peer.address()), jobs, events));

            JobActor.Command first = jobs.expectMessageClass(JobActor.Command.class, SyncFixture.WAIT);
            assertThat(first)
                    .as("the range downloaded and verified a batch set from the peer once it connected")
                    .isInstanceOfAny(JobActor.Push.class, JobActor.Stage.class);
            List<ClusterEvent> seen = events.receiveSeveralMessages(1, SyncFixture.WAIT);
            assertThat(seen)
                    .noneMatch(
                            e -> e instanceof ClusterEvent.DownloadFinished f && f.outcome() == ClusterOutcome.FAILED);
            KIT.stop(worker);
        }
    }

    @Test
    void shouldFailARangeWithTheReasonWhenNoneOfItsPeersConnectsInTime() throws Exception {
        HmsSettings d = SyncFixture.testSettings();
        Duration wait = Duration.ofMillis(500);
        HmsSettings settings = SyncFixture.withTimeouts(
                d, wait, d.sync().recheckInterval(), d.sync().clusterProgressTimeout());
        ActorRef<WorkerActor.Command> worker = welcomedWorker(settings);
        TestProbe<JobActor.Command> jobs = KIT.createTestProbe();
        TestProbe<ClusterEvent> events = KIT.createTestProbe();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once it is closed
        }

        worker.tell(assign(8, new PeerId("127.0.0.1:" + closedPort), jobs, events));

        ClusterEvent.DownloadFinished end =
                events.expectMessageClass(ClusterEvent.DownloadFinished.class, SyncFixture.WAIT);
        assertThat(end.clusterId()).isEqualTo(8);
        assertThat(end.outcome()).isEqualTo(ClusterOutcome.FAILED);
        assertThat(end.reason())
                .isEqualTo("none of its peers connected to this worker within 500 ms (hms.sync.request-timeout)");
        assertThat(end.tip()).isEmpty();
        jobs.expectNoMessage(Duration.ofMillis(200));
        KIT.stop(worker);
    }

    /** A WorkerActor that registered with a desk (a probe) and was welcomed to the served chain. */
    private static ActorRef<WorkerActor.Command> welcomedWorker(HmsSettings settings) {
        TestProbe<WorkerDesk.Command> desk = KIT.createTestProbe();
        TestProbe<Receptionist.Registered> registered = KIT.createTestProbe();
        KIT.system().receptionist().tell(Receptionist.register(WorkerDesk.KEY, desk.getRef(), registered.getRef()));
        registered.expectMessageClass(Receptionist.Registered.class);
        ActorRef<WorkerActor.Command> worker = KIT.spawn(WorkerActor.create(settings, 1, List.of()));
        // a worker of an earlier test that is still stopping may register with this desk too
        desk.fishForMessage(
                SyncFixture.WAIT,
                m -> m instanceof WorkerDesk.Register r && r.worker().equals(worker)
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore());
        KIT.system().receptionist().tell(Receptionist.deregister(WorkerDesk.KEY, desk.getRef()));
        worker.tell(
                new WorkerActor.Welcome(served.spec().networkId(), served.spec().genesisHash(), P));
        return worker;
    }

    /** A range of the served chain's first two epochs, from genesis, whose one peer is {@code peer}. */
    private static WorkerActor.Assign assign(
            long clusterId, PeerId peer, TestProbe<JobActor.Command> jobs, TestProbe<ClusterEvent> events) {
        List<Hash> ids = new ArrayList<>();
        for (long e = 1; e <= 2; e++) {
            ids.add(served.chain()
                    .mainChainBlockAt(P.electionBlockOf(e))
                    .orElseThrow()
                    .hash());
        }
        SyncCluster cluster = SyncCluster.ofEpochs(clusterId, ids, 1, P.electionBlockOf(1), PeerList.of(List.of(peer)));
        MacroBlock genesis = served.spec().genesis();
        ClusterStart start = new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(served.spec().networkId(), genesis),
                genesis.blockNumber(),
                genesis.blockNumber(),
                0);
        return new WorkerActor.Assign(cluster, start, jobs.getRef(), events.getRef());
    }

    /** A TCP peer's id is the {@code host:port} it is dialed at. */
    private static PeerId dialedId(InetSocketAddress address) {
        return new PeerId(address.getHostString() + ":" + address.getPort());
    }
}
