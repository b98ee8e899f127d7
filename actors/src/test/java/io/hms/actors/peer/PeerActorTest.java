package io.hms.actors.peer;

import static io.hms.actors.testing.SyncFixture.PACING;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.local.Interceptor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.actors.testing.Chains;
import io.hms.actors.testing.RequestOnlyNetwork;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.Services;
import io.hms.protocol.message.TransportError;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerActorTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId NODE = new PeerId("node");
    static final PeerId PEER = new PeerId("peer");

    @TempDir
    static Path dir;

    static TestChain chain;

    LocalNetworkHub hub;
    Request request;

    @BeforeAll
    static void createChain() throws Exception {
        chain = TestChains.create(dir.resolve("chain"), Chains.test(51, 1, 0, 3));
    }

    @AfterAll
    static void shutdown() {
        chain.close();
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void connect() {
        hub = new LocalNetworkHub(2);
        hub.register(NODE, chain.chain(), 0);
        hub.register(PEER, chain.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
        hub.connect(NODE, PEER);
        request = new RequestMacroChain(List.of(chain.spec().genesisHash()), 10);
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void shouldReplyWithResponseWhenPeerAnswers() {
        ActorRef<PeerActor.Command> actor =
                KIT.spawn(PeerActor.create(PEER, hub.network(NODE), 4, PACING, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();
        actor.tell(new PeerActor.Send(request, Duration.ofSeconds(2), probe.getRef()));
        PeerReply reply = probe.receiveMessage();
        assertThat(reply).isInstanceOfSatisfying(PeerReply.Answered.class, a -> {
            assertThat(a.peer()).isEqualTo(PEER);
            assertThat(a.response()).isInstanceOf(MacroChain.class);
        });
    }

    @Test
    void shouldFailAQueuedRequestAsOverloadedAtItsDeadlineWithoutSendingIt() {
        hub.intercept(PEER, (from, req, honest) -> Interceptor.Drop.INSTANCE);
        ActorRef<PeerActor.Command> actor =
                KIT.spawn(PeerActor.create(PEER, hub.network(NODE), 2, PACING, Clock.systemUTC()));
        TestProbe<PeerReply> sent = KIT.createTestProbe();
        TestProbe<PeerReply> queued = KIT.createTestProbe();
        for (int i = 0; i < 2; i++) {
            actor.tell(new PeerActor.Send(request, Duration.ofMillis(600), sent.getRef()));
        }
        // the deadline counts from the hand-over, so a request waiting behind a full window expires too
        actor.tell(new PeerActor.Send(request, Duration.ofMillis(300), queued.getRef()));

        assertThat(queued.receiveMessage(Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(
                        PeerReply.Failed.class, f -> assertThat(f.kind()).isEqualTo(NetworkFailure.Kind.OVERLOADED));
        for (int i = 0; i < 2; i++) {
            assertThat(sent.receiveMessage(Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(
                            PeerReply.Failed.class, f -> assertThat(f.kind()).isEqualTo(NetworkFailure.Kind.TIMEOUT));
        }
        sent.expectNoMessage(Duration.ofMillis(100));
        assertThat(hub.served(PEER, RequestType.MACRO_CHAIN))
                .as("the expired request was never sent")
                .isEqualTo(2);
    }

    @Test
    void shouldFailOutstandingRequestsAndStopWhenPeerLeaves() {
        hub.intercept(PEER, (from, req, honest) -> Interceptor.Drop.INSTANCE);
        ActorRef<PeerActor.Command> actor =
                KIT.spawn(PeerActor.create(PEER, hub.network(NODE), 1, PACING, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();
        actor.tell(new PeerActor.Send(request, Duration.ofSeconds(5), probe.getRef()));
        actor.tell(new PeerActor.Send(request, Duration.ofSeconds(5), probe.getRef()));
        actor.tell(PeerActor.Leave.INSTANCE);
        for (int i = 0; i < 2; i++) {
            assertThat(probe.receiveMessage())
                    .isInstanceOfSatisfying(
                            PeerReply.Failed.class,
                            f -> assertThat(f.kind()).isEqualTo(NetworkFailure.Kind.DISCONNECTED));
        }
        probe.expectTerminated(actor);
    }

    @Test
    void shouldCloseConnectionWhenToldToDisconnect() {
        ActorRef<PeerActor.Command> actor =
                KIT.spawn(PeerActor.create(PEER, hub.network(NODE), 1, PACING, Clock.systemUTC()));
        actor.tell(new PeerActor.Disconnect(DisconnectReason.MALICIOUS));
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !hub.isConnected(NODE, PEER));
        assertThat(hub.disconnections())
                .containsExactly(new LocalNetworkHub.Disconnection(NODE, PEER, DisconnectReason.MALICIOUS));
    }

    @Test
    void shouldTimeOutItselfWhenNetworkNeverCompletes() {
        Network silent = new RequestOnlyNetwork() {
            @Override
            public <Q extends Request, R extends Response> CompletionStage<R> request(
                    PeerId peer, RequestType<Q, R> type, Q q, Duration timeout) {
                return new CompletableFuture<>();
            }
        };
        ActorRef<PeerActor.Command> actor = KIT.spawn(PeerActor.create(PEER, silent, 1, PACING, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();
        actor.tell(new PeerActor.Send(request, Duration.ofMillis(100), probe.getRef()));
        assertThat(probe.receiveMessage(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(
                        PeerReply.Failed.class, f -> assertThat(f.kind()).isEqualTo(NetworkFailure.Kind.TIMEOUT));
    }

    @Test
    void shouldResendAndAnswerWithoutAFailedTryWhenThePeerAnswersRateLimited() {
        RateLimitingNetwork network = new RateLimitingNetwork(hub.network(NODE), 5);
        Pacing fast = new Pacing(Duration.ofMillis(5), Duration.ofMillis(40));
        ActorRef<PeerActor.Command> actor = KIT.spawn(PeerActor.create(PEER, network, 4, fast, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();

        actor.tell(new PeerActor.Send(request, Duration.ofSeconds(2), probe.getRef()));

        assertThat(probe.receiveMessage(Duration.ofSeconds(5))).isInstanceOf(PeerReply.Answered.class);
        probe.expectNoMessage(Duration.ofMillis(100));
        assertThat(network.sent.get()).as("refused five times, then answered").isEqualTo(6);
    }

    @Test
    void shouldPaceAndResendWithoutAFailedTryWhenThePeerAnswersBusy() {
        RateLimitingNetwork network = new RateLimitingNetwork(hub.network(NODE), 3, TransportError.BUSY);
        Pacing fast = new Pacing(Duration.ofMillis(5), Duration.ofMillis(40));
        ActorRef<PeerActor.Command> actor = KIT.spawn(PeerActor.create(PEER, network, 4, fast, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();

        actor.tell(new PeerActor.Send(request, Duration.ofSeconds(2), probe.getRef()));

        assertThat(probe.receiveMessage(Duration.ofSeconds(5)))
                .as("the asker never sees BUSY")
                .isInstanceOf(PeerReply.Answered.class);
        probe.expectNoMessage(Duration.ofMillis(100));
        assertThat(network.sent.get()).as("busy three times, then answered").isEqualTo(4);
    }

    @Test
    void shouldFailAsOverloadedWhenThePeerRateLimitsPastTheDeadline() {
        RateLimitingNetwork network = new RateLimitingNetwork(hub.network(NODE), Integer.MAX_VALUE);
        Pacing fast = new Pacing(Duration.ofMillis(5), Duration.ofMillis(20));
        ActorRef<PeerActor.Command> actor = KIT.spawn(PeerActor.create(PEER, network, 4, fast, Clock.systemUTC()));
        TestProbe<PeerReply> probe = KIT.createTestProbe();

        actor.tell(new PeerActor.Send(request, Duration.ofMillis(300), probe.getRef()));

        assertThat(probe.receiveMessage(PeerActor.replyWithin(Duration.ofMillis(300), Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(
                        PeerReply.Failed.class, f -> assertThat(f.kind()).isEqualTo(NetworkFailure.Kind.OVERLOADED));
        assertThat(network.sent.get()).isGreaterThan(1);
    }

    /** Answers the first {@code refusals} requests RATE_LIMITED (or {@code error}), then passes them to {@code real}. */
    static final class RateLimitingNetwork implements RequestOnlyNetwork {
        final AtomicInteger sent = new AtomicInteger();
        private final Network real;
        private final int refusals;
        private final TransportError error;

        RateLimitingNetwork(Network real, int refusals) {
            this(real, refusals, TransportError.RATE_LIMITED);
        }

        RateLimitingNetwork(Network real, int refusals, TransportError error) {
            this.real = real;
            this.refusals = refusals;
            this.error = error;
        }

        @Override
        public <Q extends Request, R extends Response> CompletionStage<R> request(
                PeerId peer, RequestType<Q, R> type, Q q, Duration timeout) {
            if (sent.incrementAndGet() <= refusals) {
                return CompletableFuture.failedFuture(
                        new NetworkFailure(NetworkFailure.Kind.REMOTE_ERROR, error, error.name()));
            }
            return real.request(peer, type, q, timeout);
        }
    }
}
