package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.SyncFixture;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerDesk;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.verifier.Fault;
import java.nio.file.Path;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ban seen by one worker (issue 15): the worker reports the lie through its range's event ref;
 * the coordinator bans the peer on its own network and tells every registered worker, also one
 * that has no range at the moment. The workers are probes that speak the coordinator's protocol.
 */
@ExtendWith(LogCapturingExtension.class)
class WorkerBanTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId P1 = new PeerId("peer1");
    static final PeerId P2 = new PeerId("peer2");

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldBanOnTheCoordinatorAndEveryWorkerWhenOneWorkerSawAPeerLie() throws Exception {
        GeneratorOptions options = Chains.test(11, 3, 0, 31);
        try (SyncFixture f = new SyncFixture(KIT, dir)) {
            f.node(options);
            f.server(P1, options);
            f.server(P2, options);
            f.start(SyncFixture.testSettings());
            TestProbe<WorkerActor.Command> busy = KIT.createTestProbe(WorkerActor.Command.class);
            TestProbe<WorkerActor.Command> idle = KIT.createTestProbe(WorkerActor.Command.class);
            ActorRef<WorkerDesk.Command> desk = desk();
            desk.tell(new WorkerDesk.Register(busy.getRef(), 1));
            busy.expectMessageClass(WorkerActor.Welcome.class);
            desk.tell(new WorkerDesk.Register(idle.getRef(), 1));
            idle.expectMessageClass(WorkerActor.Welcome.class);

            f.connect(P1, P2); // one cluster of both peers: it goes to the worker that registered first
            WorkerActor.Assign assign = busy.expectMessageClass(WorkerActor.Assign.class, SyncFixture.WAIT);
            PeerFault lie = new PeerFault.Verification(Fault.BODY_ROOT_MISMATCH);
            assign.events().tell(new ClusterEvent.PeerFaulted(assign.cluster().id(), P2, lie, "seen by a worker"));

            assertThat(idle.expectMessageClass(WorkerActor.Ban.class))
                    .as("a worker without a range is told too")
                    .isEqualTo(new WorkerActor.Ban(P2, lie, "seen by a worker"));
            assertThat(busy.fishForMessage(
                            SyncFixture.WAIT,
                            m -> m instanceof WorkerActor.Ban
                                    ? FishingOutcomes.complete()
                                    : FishingOutcomes.continueAndIgnore()))
                    .last()
                    .isEqualTo(new WorkerActor.Ban(P2, lie, "seen by a worker"));
            SyncEvent banned;
            do {
                banned = f.next();
            } while (!(banned instanceof SyncEvent.PeerBanned));
            assertThat(banned).isEqualTo(new SyncEvent.PeerBanned(P2, lie, "seen by a worker"));
            assertThat(f.hub().disconnections())
                    .as("the coordinator dropped the liar itself")
                    .contains(new LocalNetworkHub.Disconnection(SyncFixture.NODE, P2, DisconnectReason.MALICIOUS));
        }
    }

    /** The sync's WorkerDesk, once it is registered with the Receptionist. */
    private static ActorRef<WorkerDesk.Command> desk() {
        TestProbe<Receptionist.Listing> listings = KIT.createTestProbe(Receptionist.Listing.class);
        KIT.system().receptionist().tell(Receptionist.subscribe(WorkerDesk.KEY, listings.getRef()));
        while (true) { // each update within the probe's timeout, or the test fails
            Set<ActorRef<WorkerDesk.Command>> desks =
                    listings.receiveMessage(SyncFixture.WAIT).getServiceInstances(WorkerDesk.KEY);
            if (!desks.isEmpty()) {
                return desks.iterator().next();
            }
        }
    }
}
