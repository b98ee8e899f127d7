package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Services;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpNetworkTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Hash GENESIS = hash(1);
    private static final MacroChain ANSWER = new MacroChain(List.of(hash(9)), Optional.empty());
    private static final RequestMacroChain ASK = new RequestMacroChain(List.of(GENESIS), 10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final List<TcpNetwork> networks = new ArrayList<>();

    @AfterEach
    void closeNetworks() {
        networks.forEach(TcpNetwork::close);
    }

    @AfterAll
    static void stopKit() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldAnnounceThePeerAndAnswerRequestsWhenBothSidesShareTheChain() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        TcpNetwork client =
                network(hello(GENESIS), TransportSettings.DEFAULTS, Optional.empty(), HmsMetrics.discarding());
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());

        PeerId peer = client.connect(server);

        PeerEvent joined = events.expectMessageClass(PeerEvent.PeerJoined.class);
        assertThat(joined).isEqualTo(new PeerEvent.PeerJoined(peer, Services.REQUIRED_FOR_HISTORY_SYNC));
        assertThat(ask(client, peer, TIMEOUT)).isEqualTo(ANSWER);
    }

    @Test
    void shouldCountARequestAsOpenUntilItsAnswerArrives() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        });
        TcpNetwork client = client();
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());
        PeerId peer = client.connect(server);
        events.expectMessageClass(PeerEvent.PeerJoined.class);

        CompletionStage<MacroChainResponse> pending = client.request(peer, RequestType.MACRO_CHAIN, ASK, TIMEOUT);
        PeerTraffic.Snapshot during = client.traffic().get(peer);
        release.countDown();
        pending.toCompletableFuture().get();
        // the count is updated by a callback of the answer, which may run just after get() returns
        org.awaitility.Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> client.traffic().get(peer).requestsSent() == 1);
        PeerTraffic.Snapshot after = client.traffic().get(peer);

        assertThat(during.requestsOpen()).isEqualTo(1);
        assertThat(during.requestsSent()).isZero();
        assertThat(after.requestsOpen()).isZero();
        assertThat(after.requestsSent()).isEqualTo(1);
        assertThat(after.requestsFailed()).isZero();
    }

    @Test
    void shouldDecodeFramesOnTheDecodingExecutorWhenTheyArrive() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        java.util.concurrent.atomic.AtomicInteger decodes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "test-decoding"));
        try {
            TcpNetwork client = TcpNetwork.builder(KIT.system(), hello(GENESIS))
                    .decoding(task -> pool.execute(() -> {
                        decodes.incrementAndGet();
                        task.run();
                    }))
                    .build();
            networks.add(client);
            PeerId peer = client.connect(server);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());
            int beforeAsking = decodes.get();

            assertThat(ask(client, peer, TIMEOUT)).isEqualTo(ANSWER);

            assertThat(beforeAsking).as("the server's Hello").isGreaterThanOrEqualTo(1);
            assertThat(decodes.get()).as("the answer").isGreaterThan(beforeAsking);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnnounceConnectedPeersWhenSubscribingLate() {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        TcpNetwork client = client();
        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());

        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());

        assertThat(events.expectMessageClass(PeerEvent.PeerJoined.class).peer()).isEqualTo(peer);
    }

    @Test
    void shouldRefuseAndNeverAnnounceAPeerWhenItsGenesisDiffers() {
        HmsMetrics serverMetrics = HmsMetrics.discarding();
        TcpNetwork other = network(hello(hash(2)), TransportSettings.DEFAULTS, Optional.of(r -> ANSWER), serverMetrics);
        InetSocketAddress server = bind(other);
        HmsMetrics clientMetrics = HmsMetrics.discarding();
        TcpNetwork client = network(hello(GENESIS), TransportSettings.DEFAULTS, Optional.empty(), clientMetrics);
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());

        client.connect(server);

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> closed(clientMetrics, "genesis_mismatch") >= 1
                        && closed(serverMetrics, "genesis_mismatch") >= 1);
        events.expectNoMessage(Duration.ofMillis(300));
        assertThat(client.peers()).isEmpty();
        assertThat(other.peers()).isEmpty();
        assertThat(closed(clientMetrics, "genesis_mismatch")).as("not redialed").isEqualTo(1.0);
    }

    @Test
    void shouldCloseAGarbageConnectionWhileAnotherConnectionKeepsBeingServed() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        TcpNetwork client = client();
        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());

        try (Socket raw = new Socket(server.getAddress(), server.getPort())) {
            raw.getOutputStream()
                    .write(FrameCodec.encode(new Envelope.Hello(hello(GENESIS))).toArray());
            raw.getOutputStream().write(new byte[] {0, 0, 0, 3, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE});
            assertThat(readsUntilClosed(raw)).isTrue();
        }

        assertThat(ask(client, peer, TIMEOUT)).isEqualTo(ANSWER);
    }

    @Test
    void shouldCloseTheConnectionWhenAFrameIsOversize() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS.withMaxFrameBytes(1024), r -> ANSWER);
        try (Socket raw = new Socket(server.getAddress(), server.getPort())) {
            raw.getOutputStream()
                    .write(FrameCodec.encode(new Envelope.Hello(hello(GENESIS))).toArray());
            raw.getOutputStream().write(new byte[] {0, 0, 4, 1});
            assertThat(readsUntilClosed(raw)).isTrue();
        }
    }

    @Test
    void shouldCloseTheConnectionWhenARequestHasAnUnknownType() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        try (Socket raw = new Socket(server.getAddress(), server.getPort())) {
            OutputStream out = raw.getOutputStream();
            out.write(FrameCodec.encode(new Envelope.Hello(hello(GENESIS))).toArray());
            out.write(FrameCodec.encode(new Envelope.RequestEnvelope(1, 999, ByteString.EMPTY))
                    .toArray());
            assertThat(readsUntilClosed(raw)).isTrue();
        }
    }

    @Test
    void shouldCloseTheConnectionWhenARequestComesBeforeTheHello() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        try (Socket raw = new Socket(server.getAddress(), server.getPort())) {
            byte[] body = RequestMacroChain.CODEC.encode(ASK);
            raw.getOutputStream()
                    .write(FrameCodec.encode(new Envelope.RequestEnvelope(1, 200, ByteString.wrap(body)))
                            .toArray());
            assertThat(readsUntilClosed(raw)).isTrue();
        }
    }

    @Test
    void shouldFailWithTimeoutWhenThePeerAnswersTooLate() throws Exception {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> {
            sleep(1500);
            return ANSWER;
        });
        TcpNetwork client = client();
        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());

        NetworkFailure failure = failureOf(client.request(peer, RequestType.MACRO_CHAIN, ASK, Duration.ofMillis(200)));

        assertThat(failure.kind()).isEqualTo(NetworkFailure.Kind.TIMEOUT);
    }

    @Test
    void shouldAnswerRateLimitedWhenThePeerSendsTooMany() throws Exception {
        InetSocketAddress server =
                serve(TransportSettings.DEFAULTS.withServingQuota(new Quota(1, 3 * 4096, 4096)), r -> ANSWER);
        TcpNetwork client = client();
        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());
        for (int i = 0; i < 3; i++) {
            assertThat(ask(client, peer, TIMEOUT)).isEqualTo(ANSWER);
        }

        NetworkFailure failure = failureOf(client.request(peer, RequestType.MACRO_CHAIN, ASK, TIMEOUT));

        assertThat(failure.kind()).isEqualTo(NetworkFailure.Kind.REMOTE_ERROR);
        assertThat(failure.remoteError()).contains(TransportError.RATE_LIMITED);
        assertThat(client.peers()).hasSize(1);
    }

    @Test
    void shouldReportPeerLeftAndNotRedialWhenTheSyncDropsAPeerAsMalicious() {
        HmsMetrics clientMetrics = HmsMetrics.discarding();
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        TcpNetwork client = network(hello(GENESIS), fastRedial(), Optional.empty(), clientMetrics);
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());
        PeerId peer = client.connect(server);
        events.expectMessageClass(PeerEvent.PeerJoined.class);

        client.disconnect(peer, DisconnectReason.MALICIOUS);

        assertThat(events.expectMessageClass(PeerEvent.PeerLeft.class).peer()).isEqualTo(peer);
        events.expectNoMessage(Duration.ofMillis(500));
        assertThat(client.peers()).isEmpty();
    }

    @Test
    void shouldRedialWhenTheSyncDropsAPeerAfterAnError() {
        InetSocketAddress server = serve(TransportSettings.DEFAULTS, r -> ANSWER);
        TcpNetwork client = network(hello(GENESIS), fastRedial(), Optional.empty(), HmsMetrics.discarding());
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());
        PeerId peer = client.connect(server);
        events.expectMessageClass(PeerEvent.PeerJoined.class);

        client.disconnect(peer, DisconnectReason.ERROR);

        events.expectMessageClass(PeerEvent.PeerLeft.class);
        assertThat(events.expectMessageClass(PeerEvent.PeerJoined.class, Duration.ofSeconds(10))
                        .peer())
                .isEqualTo(peer);
    }

    @Test
    void shouldReportTheBreachAndNotRedialWhenADialedPeerSendsGarbageAfterItsHello() throws Exception {
        try (java.net.ServerSocket liar = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!liar.isClosed()) {
                    try (Socket s = liar.accept()) {
                        OutputStream out = s.getOutputStream();
                        byte[] hello = Envelope.CODEC.encode(new Envelope.Hello(hello(GENESIS)));
                        out.write(frame(hello));
                        out.flush();
                        Thread.sleep(500); // let the client announce the peer first
                        out.write(frame(new byte[] {(byte) 0xEE, 1, 2, 3})); // no envelope kind 0xEE exists
                        out.flush();
                        s.getInputStream().read(new byte[1024]); // until the client hangs up
                    } catch (IOException e) {
                        // the client closed, or the test ended
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HmsMetrics clientMetrics = HmsMetrics.discarding();
            TcpNetwork client = network(hello(GENESIS), fastRedial(), Optional.empty(), clientMetrics);
            TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
            client.subscribe(events.getRef());

            PeerId peer = client.connect(new InetSocketAddress("127.0.0.1", liar.getLocalPort()));

            events.expectMessageClass(PeerEvent.PeerJoined.class, Duration.ofSeconds(10));
            PeerEvent.ProtocolBreach breach = events.expectMessageClass(PeerEvent.ProtocolBreach.class);
            assertThat(breach.peer()).isEqualTo(peer);
            assertThat(breach.reason()).isEqualTo("MALFORMED_FRAME");
            assertThat(events.expectMessageClass(PeerEvent.PeerLeft.class).peer())
                    .isEqualTo(peer);
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> client.dialStatus(peer).orElseThrow().gaveUp());
            Thread.sleep(500); // several redial periods of fastRedial()
            DialStatus status = client.dialStatus(peer).orElseThrow();
            assertThat(status.lastClose()).contains(CloseReason.MALFORMED_FRAME);
            assertThat(status.attempts()).as("not redialed").isEqualTo(1);
        }
    }

    private static byte[] frame(byte[] payload) {
        byte[] f = new byte[4 + payload.length];
        f[0] = (byte) (payload.length >>> 24);
        f[1] = (byte) (payload.length >>> 16);
        f[2] = (byte) (payload.length >>> 8);
        f[3] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    @Test
    void shouldKeepRedialingWhenNothingListensAtTheAddress() throws Exception {
        InetSocketAddress nothing;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nothing = new InetSocketAddress("127.0.0.1", probe.getLocalPort());
        }
        TcpNetwork client = network(hello(GENESIS), fastRedial(), Optional.empty(), HmsMetrics.discarding());

        PeerId peer = client.connect(nothing);

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> client.dialStatus(peer).orElseThrow().attempts() >= 3);
        DialStatus status = client.dialStatus(peer).orElseThrow();
        assertThat(status.lastClose()).contains(CloseReason.CONNECT_FAILED);
        assertThat(status.gaveUp()).isFalse();
        assertThat(status.open()).isFalse();
    }

    @Test
    void shouldReportPeerLeftAndFailPendingRequestsWhenTheServerShutsDown() throws Exception {
        TcpNetwork serverNet = network(
                hello(GENESIS),
                TransportSettings.DEFAULTS,
                Optional.of(r -> {
                    sleep(3000);
                    return ANSWER;
                }),
                HmsMetrics.discarding());
        InetSocketAddress server = bind(serverNet);
        TcpNetwork client = client();
        TestProbe<PeerEvent> events = KIT.createTestProbe(PeerEvent.class);
        client.subscribe(events.getRef());
        PeerId peer = client.connect(server);
        events.expectMessageClass(PeerEvent.PeerJoined.class);
        CompletionStage<MacroChainResponse> pending =
                client.request(peer, RequestType.MACRO_CHAIN, ASK, Duration.ofSeconds(20));

        serverNet.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(events.expectMessageClass(PeerEvent.PeerLeft.class, Duration.ofSeconds(10))
                        .peer())
                .isEqualTo(peer);
        assertThat(failureOf(pending).kind()).isEqualTo(NetworkFailure.Kind.DISCONNECTED);
    }

    private InetSocketAddress serve(TransportSettings settings, InboundRequestHandler handler) {
        return bind(network(hello(GENESIS), settings, Optional.of(handler), HmsMetrics.discarding()));
    }

    private TcpNetwork client() {
        return network(hello(GENESIS), TransportSettings.DEFAULTS, Optional.empty(), HmsMetrics.discarding());
    }

    private TcpNetwork network(
            Handshake hello, TransportSettings settings, Optional<InboundRequestHandler> handler, HmsMetrics metrics) {
        TcpNetworkBuilder b =
                TcpNetwork.builder(KIT.system(), hello).settings(settings).metrics(metrics);
        handler.ifPresent(h -> b.serving(h, java.util.concurrent.ForkJoinPool.commonPool()));
        TcpNetwork n = b.build();
        networks.add(n);
        return n;
    }

    private static InetSocketAddress bind(TcpNetwork n) {
        try {
            return n.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TransportSettings fastRedial() {
        return TransportSettings.DEFAULTS.withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private static MacroChainResponse ask(TcpNetwork client, PeerId peer, Duration timeout) throws Exception {
        return client.request(peer, RequestType.MACRO_CHAIN, ASK, timeout)
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    private static NetworkFailure failureOf(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(NetworkFailure.class);
            return (NetworkFailure) e.getCause();
        }
    }

    private static double closed(HmsMetrics metrics, String reason) {
        var counter = metrics.registry()
                .find("hms.connections.closed")
                .tags("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Reads (discarding the server's Hello) until the server closes; false if it stays open for 10 s. */
    private static boolean readsUntilClosed(Socket raw) throws IOException {
        raw.setSoTimeout(10_000);
        InputStream in = raw.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // keep reading
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Handshake hello(Hash genesis) {
        return LocalHandshake.create(42, genesis, Services.REQUIRED_FOR_HISTORY_SYNC);
    }

    static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.wrap(b);
    }
}
