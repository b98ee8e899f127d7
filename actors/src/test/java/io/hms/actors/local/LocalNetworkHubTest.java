package io.hms.actors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.testing.Chains;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNetworkHubTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId A = new PeerId("a");
    static final PeerId B = new PeerId("b");
    static final Duration T = Duration.ofMillis(300);

    @TempDir
    static Path dir;

    static TestChain chain;

    LocalNetworkHub hub;
    RequestMacroChain request;

    @BeforeAll
    static void createChain() throws Exception {
        chain = TestChains.create(dir.resolve("chain"), Chains.test(41, 1, 0, 3));
    }

    @AfterAll
    static void shutdown() {
        chain.close();
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void createHub() {
        hub = new LocalNetworkHub(2);
        hub.register(A, chain.chain(), chain.chain().services());
        hub.register(B, chain.chain(), Services.REQUIRED_FOR_HISTORY_SYNC);
        request = new RequestMacroChain(List.of(chain.spec().genesisHash()), 10);
    }

    @AfterEach
    void closeHub() {
        hub.close();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static NetworkFailure.Kind failureOf(CompletionStage<?> stage) {
        try {
            await(stage);
        } catch (ExecutionException e) {
            return ((NetworkFailure) e.getCause()).kind();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the request did not fail");
    }

    @Test
    void shouldAnswerLikeTheHandlersWhenPeersAreConnected() throws Exception {
        hub.connect(A, B);
        MacroChainResponse answer = await(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T));
        assertThat(answer).isEqualTo(new RequestHandlers(ServingSettings.DEFAULTS).handle(request, chain.chain()));
        assertThat(hub.served(B, RequestType.MACRO_CHAIN)).isEqualTo(1);
        assertThat(hub.served(A, RequestType.MACRO_CHAIN)).isZero();
    }

    @Test
    void shouldFailWithUnknownPeerWhenNotConnected() {
        assertThat(failureOf(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T)))
                .isEqualTo(NetworkFailure.Kind.UNKNOWN_PEER);
    }

    @Test
    void shouldAnnouncePeersWhenSubscribingConnectingAndDisconnecting() {
        TestProbe<PeerEvent> probe = KIT.createTestProbe();
        hub.connect(A, B);
        hub.network(A).subscribe(probe.getRef());
        probe.expectMessage(new PeerEvent.PeerJoined(B, Services.REQUIRED_FOR_HISTORY_SYNC));
        hub.network(A).disconnect(B, DisconnectReason.MALICIOUS);
        probe.expectMessage(new PeerEvent.PeerLeft(B));
        assertThat(hub.disconnections())
                .containsExactly(new LocalNetworkHub.Disconnection(A, B, DisconnectReason.MALICIOUS));
        hub.connect(B, A);
        probe.expectMessage(new PeerEvent.PeerJoined(B, Services.REQUIRED_FOR_HISTORY_SYNC));
        hub.network(A).unsubscribe(probe.getRef());
        hub.disconnect(A, B);
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void shouldTimeOutWhenServerDropsOrAnswersTooLate() {
        hub.connect(A, B);
        hub.intercept(B, (from, req, honest) -> Interceptor.Drop.INSTANCE);
        assertThat(failureOf(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T)))
                .isEqualTo(NetworkFailure.Kind.TIMEOUT);
        hub.intercept(B, (from, req, honest) -> new Interceptor.Delay(T.multipliedBy(3)));
        assertThat(failureOf(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T)))
                .isEqualTo(NetworkFailure.Kind.TIMEOUT);
    }

    @Test
    void shouldDeliverReplacementOrFailDecodingWhenServerLies() throws Exception {
        hub.connect(A, B);
        hub.intercept(B, (from, req, honest) -> new Interceptor.Replace(MacroChainError.UNKNOWN_LOCATORS));
        assertThat(await(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T)))
                .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
        hub.intercept(B, (from, req, honest) -> new Interceptor.ReplaceBytes(new byte[] {7, 7, 7}));
        assertThat(failureOf(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, T)))
                .isEqualTo(NetworkFailure.Kind.MALFORMED_RESPONSE);
    }

    @Test
    void shouldFailInFlightRequestAndReportLeaveWhenServerDisconnects() {
        TestProbe<PeerEvent> probe = KIT.createTestProbe();
        hub.network(A).subscribe(probe.getRef());
        hub.connect(A, B);
        probe.expectMessageClass(PeerEvent.PeerJoined.class);
        hub.intercept(B, (from, req, honest) -> Interceptor.Disconnect.INSTANCE);
        assertThat(failureOf(hub.network(A).request(B, RequestType.MACRO_CHAIN, request, Duration.ofSeconds(3))))
                .isEqualTo(NetworkFailure.Kind.DISCONNECTED);
        probe.expectMessage(new PeerEvent.PeerLeft(B));
        assertThat(hub.isConnected(A, B)).isFalse();
    }

    @Test
    void shouldRejectRegisteringTheSameNodeTwice() {
        assertThatThrownBy(() -> hub.register(A, chain.chain(), 0)).isInstanceOf(IllegalStateException.class);
    }
}
