package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.settings.NetworkSettings;
import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.actors.testing.MutableClock;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Envelope.ErrorEnvelope;
import io.hms.protocol.message.Envelope.RequestEnvelope;
import io.hms.protocol.message.Envelope.ResponseEnvelope;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RequestServingTest {
    private static final MacroChain ANSWER = new MacroChain(List.of(Hash.ZERO), Optional.empty());
    private final MutableClock clock = new MutableClock();
    private final HmsMetrics metrics = HmsMetrics.discarding();
    private final PeerTraffic traffic = new PeerTraffic();

    @Test
    void shouldAnswerWithTheHandlersResponseWhenTheRequestIsValid() throws Exception {
        RequestServing serving = serving(Optional.of(r -> ANSWER), 5);
        Envelope answer = serving.answer(request(9)).toCompletableFuture().get();
        assertThat(answer).isInstanceOfSatisfying(ResponseEnvelope.class, r -> {
            assertThat(r.requestId()).isEqualTo(9);
            assertThat(r.typeId()).isEqualTo(201);
            assertThat(decode(r)).isEqualTo(ANSWER);
        });
    }

    @Test
    void shouldAnswerRateLimitedWhenThePeerExceedsItsQuota() throws Exception {
        RequestServing serving = serving(Optional.of(r -> ANSWER), 2);
        serving.answer(request(1));
        serving.answer(request(2));
        Envelope third = serving.answer(request(3)).toCompletableFuture().get();
        assertThat(third).isEqualTo(new ErrorEnvelope(3, 200, TransportError.RATE_LIMITED));
        assertThat(metrics.registry()
                        .get("hms.requests.served")
                        .tags("type", "macro_chain", "outcome", "rate_limited")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(1));
        assertThat(serving.answer(request(4)).toCompletableFuture().get()).isInstanceOf(ResponseEnvelope.class);
        assertThat(traffic.snapshot().requestsServed()).isEqualTo(4);
        assertThat(traffic.snapshot().requestsRefused())
                .as("the rate-limited one")
                .isEqualTo(1);
    }

    @Test
    void shouldChargeTheEncodedResponseWhenItIsLargerThanTheMinimum() throws Exception {
        int bodyBytes = MacroChainResponse.CODEC.encode(ANSWER).length;
        ServingQuota quota = new ServingQuota(new Quota(1, 10_000, 1), clock);
        RequestServing serving = new RequestServing(
                "peer-1", Optional.of(r -> ANSWER), Runnable::run, quota, metrics, new PeerTraffic(), 1 << 20);

        serving.answer(request(1)).toCompletableFuture().get();

        assertThat(quota.available()).isEqualTo(10_000 - bodyBytes);
    }

    @Test
    void shouldAnswerBusyAtOnceWhenTheServingPoolIsSaturated() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        InboundRequestHandler gated = r -> {
            threads.add(Thread.currentThread().getName());
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        };
        ServingQuota quota = new ServingQuota(new Quota(1, 10 * MIN_COST, MIN_COST), clock);
        try (ServingPool pool = ServingPool.create("serving-test", new NetworkSettings.ServingPool(1, 1))) {
            RequestServing serving =
                    new RequestServing("peer-1", Optional.of(gated), pool, quota, metrics, new PeerTraffic(), 1 << 20);
            CompletableFuture<Envelope> running = serving.answer(request(1)).toCompletableFuture();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 1);
            CompletableFuture<Envelope> queued = serving.answer(request(2)).toCompletableFuture();

            CompletableFuture<Envelope> refused = serving.answer(request(3)).toCompletableFuture();

            assertThat(refused)
                    .as("answered at once, never queued")
                    .isCompletedWithValue(new ErrorEnvelope(3, 200, TransportError.BUSY));
            assertThat(quota.available())
                    .as("the refused request costs nothing")
                    .isEqualTo(8 * MIN_COST);
            assertThat(metrics.registry()
                            .get("hms.requests.served")
                            .tags("type", "macro_chain", "outcome", "busy")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            gate.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isInstanceOf(ResponseEnvelope.class);
            assertThat(queued.get(5, TimeUnit.SECONDS)).isInstanceOf(ResponseEnvelope.class);
            assertThat(serving.answer(request(4)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .as("room again once the pool drained")
                    .isInstanceOf(ResponseEnvelope.class);
            assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("serving-test-"));
        }
    }

    @Test
    void shouldAnswerMalformedWhenTheBodyDoesNotDecode() throws Exception {
        RequestServing serving = serving(Optional.of(r -> ANSWER), 5);
        RequestEnvelope garbage = new RequestEnvelope(4, 200, ByteString.wrap(new byte[] {5, 1}));
        assertThat(serving.answer(garbage).toCompletableFuture().get())
                .isEqualTo(new ErrorEnvelope(4, 200, TransportError.MALFORMED_REQUEST));
    }

    @Test
    void shouldAnswerInternalWhenTheHandlerFails() throws Exception {
        RequestServing serving = serving(
                Optional.of(r -> {
                    throw new IllegalStateException("store closed");
                }),
                5);
        assertThat(serving.answer(request(5)).toCompletableFuture().get())
                .isEqualTo(new ErrorEnvelope(5, 200, TransportError.INTERNAL));
    }

    @Test
    void shouldAnswerInternalWhenTheHandlerAnswersAnotherFamily() throws Exception {
        RequestServing serving =
                serving(Optional.of(r -> io.hms.protocol.message.BatchSetError.TARGET_HASH_NOT_FOUND), 5);
        assertThat(serving.answer(request(6)).toCompletableFuture().get())
                .isEqualTo(new ErrorEnvelope(6, 200, TransportError.INTERNAL));
    }

    @Test
    void shouldAnswerNoReceiverWhenTheNodeServesNothing() throws Exception {
        RequestServing serving = serving(Optional.empty(), 5);
        assertThat(serving.answer(request(7)).toCompletableFuture().get())
                .isEqualTo(new ErrorEnvelope(7, 200, TransportError.NO_RECEIVER));
    }

    @Test
    void shouldCountTheErrorArmAsAnErrorResponseWhenTheHandlerReturnsIt() throws Exception {
        RequestServing serving = serving(Optional.of(r -> MacroChainError.UNKNOWN_LOCATORS), 5);
        serving.answer(request(8)).toCompletableFuture().get();
        assertThat(metrics.registry()
                        .get("hms.requests.served")
                        .tags("type", "macro_chain", "outcome", "error_response")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldCloseTheConnectionWhenTheTypeIdIsUnknown() {
        RequestServing serving = serving(Optional.of(r -> ANSWER), 5);
        assertThatThrownBy(() -> serving.answer(new RequestEnvelope(1, 999, ByteString.EMPTY)))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.UNKNOWN_TYPE));
    }

    /** Every request costs this, as the test's answers are smaller; the quota refills one request per second. */
    private static final int MIN_COST = 4096;

    /** Serving with a quota of {@code limit} requests. */
    private RequestServing serving(Optional<InboundRequestHandler> handler, int limit) {
        return new RequestServing(
                "peer-1",
                handler,
                Runnable::run,
                new ServingQuota(new Quota(MIN_COST, (long) limit * MIN_COST, MIN_COST), clock),
                metrics,
                traffic,
                1 << 20);
    }

    private static RequestEnvelope request(long id) {
        byte[] body = RequestMacroChain.CODEC.encode(new RequestMacroChain(List.of(Hash.ZERO), 10));
        return new RequestEnvelope(id, 200, ByteString.wrap(body));
    }

    private static MacroChainResponse decode(ResponseEnvelope r) {
        try {
            return MacroChainResponse.CODEC.decode(r.body().unsafeBytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
