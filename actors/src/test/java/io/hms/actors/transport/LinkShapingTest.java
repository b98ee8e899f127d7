package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.network.NetworkFailure;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.model.Hash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code hms serve --latency} delays answers only; {@code --silent} answers the macro chain only. */
class LinkShapingTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Hash GENESIS = TcpNetworkTest.hash(1);
    private static final MacroChain ANSWER = new MacroChain(List.of(TcpNetworkTest.hash(9)), Optional.empty());
    private static final RequestMacroChain ASK = new RequestMacroChain(List.of(GENESIS), 10);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(20);
    private final List<TcpNetwork> networks = new ArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void closeNetworks() {
        networks.forEach(TcpNetwork::close);
    }

    @AfterAll
    static void stopKit() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldConnectAndAnswerLateWhenTheLatencyExceedsTheHandshakeTimeout() throws Exception {
        InetSocketAddress server = serve(LinkShaping.of(1500, 0));
        TcpNetwork client = network(TransportSettings.DEFAULTS.withHandshakeTimeout(SHORT), LinkShaping.NONE, false);

        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());

        assertThat(failure(client.request(peer, RequestType.MACRO_CHAIN, ASK, SHORT)))
                .as("the answer is held back by the latency")
                .isEqualTo(NetworkFailure.Kind.TIMEOUT);
        assertThat(client.request(peer, RequestType.MACRO_CHAIN, ASK, LONG)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo(ANSWER);
        assertThat(client.peers()).hasSize(1);
    }

    @Test
    void shouldAnswerTheMacroChainButNeverBatchSetsOrChunksWhenSilent() throws Exception {
        InetSocketAddress server = serve(LinkShaping.NONE.withSilent(true));
        TcpNetwork client = network(TransportSettings.DEFAULTS, LinkShaping.NONE, false);
        PeerId peer = client.connect(server);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());

        var batchSet = client.request(peer, RequestType.BATCH_SET, new RequestBatchSet(GENESIS), SHORT);
        var chunk = client.request(peer, RequestType.HISTORY_CHUNK, new RequestHistoryChunk(1, 4, 0), SHORT);

        assertThat(failure(batchSet)).isEqualTo(NetworkFailure.Kind.TIMEOUT);
        assertThat(failure(chunk)).isEqualTo(NetworkFailure.Kind.TIMEOUT);
        assertThat(client.request(peer, RequestType.MACRO_CHAIN, ASK, LONG)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo(ANSWER);
        assertThat(handled.get()).as("only the macro chain reached the handler").isEqualTo(1);
        assertThat(client.peers()).as("the silent peer stays connected").hasSize(1);
    }

    private InetSocketAddress serve(LinkShaping shaping) throws Exception {
        return network(TransportSettings.DEFAULTS, shaping, true)
                .bind("127.0.0.1", 0)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private TcpNetwork network(TransportSettings settings, LinkShaping shaping, boolean serving) {
        TcpNetworkBuilder b = TcpNetwork.builder(KIT.system(), TcpNetworkTest.hello(GENESIS))
                .settings(settings)
                .shaping(shaping)
                .metrics(HmsMetrics.discarding());
        if (serving) {
            b.serving(this::answer, ForkJoinPool.commonPool());
        }
        TcpNetwork n = b.build();
        networks.add(n);
        return n;
    }

    private MacroChain answer(Request request) {
        handled.incrementAndGet();
        return ANSWER;
    }

    private static NetworkFailure.Kind failure(java.util.concurrent.CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(NetworkFailure.class);
            return ((NetworkFailure) e.getCause()).kind();
        }
    }
}
