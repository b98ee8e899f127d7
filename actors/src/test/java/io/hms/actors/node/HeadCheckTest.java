package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.testing.RequestOnlyNetwork;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadCheckTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(8).withShape(2, 1).withSignTransfers(false);
    private static final PeerId PEER = new PeerId("peer");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void shouldFindTheSameHeadWhenThePeerHoldsTheSameChain() throws Exception {
        try (var ours = TestChains.create(tmp.resolve("a"), CHAIN);
                var theirs = TestChains.create(tmp.resolve("b"), CHAIN)) {
            assertThat(check(ours.chain(), theirs.chain())).isEqualTo(HeadCheck.Result.SAME_HEAD);
        }
    }

    @Test
    void shouldFindThePeerAheadWhenItHasACheckpointMore() throws Exception {
        try (var ours = TestChains.create(tmp.resolve("a"), CHAIN);
                var theirs = TestChains.create(tmp.resolve("b"), CHAIN.withShape(2, 2))) {
            assertThat(check(ours.chain(), theirs.chain())).isEqualTo(HeadCheck.Result.PEER_AHEAD);
        }
    }

    @Test
    void shouldFindThePeerAheadWhenItHasAnEpochMore() throws Exception {
        try (var ours = TestChains.create(tmp.resolve("a"), CHAIN.withShape(2, 0));
                var theirs = TestChains.create(tmp.resolve("b"), CHAIN.withShape(3, 0))) {
            assertThat(check(ours.chain(), theirs.chain())).isEqualTo(HeadCheck.Result.PEER_AHEAD);
        }
    }

    @Test
    void shouldFindThePeerLackingOurHeadWhenItIsBehind() throws Exception {
        try (var ours = TestChains.create(tmp.resolve("a"), CHAIN);
                var theirs = TestChains.create(tmp.resolve("b"), CHAIN.withShape(1, 0))) {
            assertThat(check(ours.chain(), theirs.chain())).isEqualTo(HeadCheck.Result.PEER_LACKS_OUR_HEAD);
        }
    }

    @Test
    void shouldReportNoAnswerWhenTheRequestFails() throws Exception {
        try (var ours = TestChains.create(tmp.resolve("a"), CHAIN)) {
            Network silent = new ServedBy(null);
            assertThat(HeadCheck.check(silent, PEER, ours.chain(), TIMEOUT)
                            .toCompletableFuture()
                            .get())
                    .isEqualTo(HeadCheck.Result.NO_ANSWER);
        }
    }

    private static HeadCheck.Result check(ChainView ours, ChainView theirs) throws Exception {
        return HeadCheck.check(new ServedBy(theirs), PEER, ours, TIMEOUT)
                .toCompletableFuture()
                .get();
    }

    /** A network whose one peer answers with the engine's handlers over {@code view}; none if null. */
    private record ServedBy(ChainView view) implements RequestOnlyNetwork {
        @Override
        @SuppressWarnings("unchecked")
        public <Q extends Request, R extends Response> CompletionStage<R> request(
                PeerId peer, RequestType<Q, R> type, Q request, Duration timeout) {
            if (view == null) {
                return CompletableFuture.failedFuture(new NetworkFailure(NetworkFailure.Kind.TIMEOUT, "silent"));
            }
            return CompletableFuture.completedFuture(
                    (R) new RequestHandlers(ServingSettings.DEFAULTS).handle(request, view));
        }
    }
}
