package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.NetworkFailure.Kind;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.Hash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ManualTimer timer = new ManualTimer();
    private final PendingRequests pending = new PendingRequests("peer-1", 3, timer);

    @Test
    void shouldCompleteEachRequestWithItsOwnResponseWhenAnsweredOutOfOrder() {
        var first = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        var second = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        MacroChain a = new MacroChain(List.of(Hash.ZERO), Optional.empty());
        MacroChain b = new MacroChain(List.of(), Optional.empty());

        assertThat(pending.onResponse(second.requestId(), 201, MacroChainResponse.CODEC.encode(b)))
                .isEqualTo(PendingRequests.Match.MATCHED);
        assertThat(pending.onResponse(first.requestId(), 201, MacroChainResponse.CODEC.encode(a)))
                .isEqualTo(PendingRequests.Match.MATCHED);

        assertThat(first.future()).isCompletedWithValue(a);
        assertThat(second.future()).isCompletedWithValue(b);
        assertThat(first.requestId()).isNotEqualTo(second.requestId());
        assertThat(pending.outstanding()).isZero();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void shouldDeliverTheErrorArmAsAResponseWhenThePeerAnswersWithIt() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        pending.onResponse(r.requestId(), 201, MacroChainResponse.CODEC.encode(MacroChainError.UNKNOWN_LOCATORS));
        assertThat(r.future()).isCompletedWithValue(MacroChainError.UNKNOWN_LOCATORS);
    }

    @Test
    void shouldExpectAResponseWhileARequestIsOutstandingAndForTheGraceAfterItTimedOut() {
        PendingRequests withGrace = new PendingRequests("peer-2", 3, timer, Duration.ofSeconds(30));
        assertThat(withGrace.expectsResponse()).isFalse();
        var r = withGrace.register(RequestType.MACRO_CHAIN, TIMEOUT);
        assertThat(withGrace.expectsResponse()).isTrue();

        timer.advance(TIMEOUT);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(withGrace.expectsResponse())
                .as("a late answer may still come")
                .isTrue();
        timer.advance(Duration.ofSeconds(29));
        assertThat(withGrace.expectsResponse()).isTrue();
        timer.advance(Duration.ofSeconds(1));
        assertThat(withGrace.expectsResponse()).isFalse();
    }

    @Test
    void shouldExpectNoResponseWhenTheAnswerArrived() {
        PendingRequests withGrace = new PendingRequests("peer-2", 3, timer, Duration.ofSeconds(30));
        var r = withGrace.register(RequestType.MACRO_CHAIN, TIMEOUT);
        withGrace.onResponse(r.requestId(), 201, MacroChainResponse.CODEC.encode(MacroChainError.UNKNOWN_LOCATORS));

        assertThat(withGrace.expectsResponse()).isFalse();
    }

    @Test
    void shouldFailWithTimeoutWhenNoResponseArrivesInTime() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        timer.advance(Duration.ofSeconds(9));
        assertThat(r.future()).isNotDone();
        timer.advance(Duration.ofSeconds(1));
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(pending.outstanding()).isZero();
    }

    @Test
    void shouldIgnoreAResponseWhenItArrivesAfterTheTimeout() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        timer.advance(TIMEOUT);
        byte[] body = MacroChainResponse.CODEC.encode(new MacroChain(List.of(), Optional.empty()));
        assertThat(pending.onResponse(r.requestId(), 201, body)).isEqualTo(PendingRequests.Match.UNKNOWN_ID);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void shouldCompleteOnlyWhenMatchedWhenTheBodyWasDecodedAhead() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        MacroChain answer = new MacroChain(List.of(Hash.ZERO), Optional.empty());

        PendingRequests.Decoded decoded = pending.decode(r.requestId(), 201, MacroChainResponse.CODEC.encode(answer));

        assertThat(decoded.response()).contains(answer);
        assertThat(r.future()).isNotDone();
        assertThat(pending.outstanding()).isEqualTo(1);
        assertThat(pending.onResponse(r.requestId(), 201, decoded)).isEqualTo(PendingRequests.Match.MATCHED);
        assertThat(r.future()).isCompletedWithValue(answer);
    }

    @Test
    void shouldIgnoreADecodedResponseWhenItsRequestTimedOutBeforeTheMatch() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        byte[] body = MacroChainResponse.CODEC.encode(new MacroChain(List.of(), Optional.empty()));
        PendingRequests.Decoded decoded = pending.decode(r.requestId(), 201, body);

        timer.advance(TIMEOUT);

        assertThat(pending.onResponse(r.requestId(), 201, decoded)).isEqualTo(PendingRequests.Match.UNKNOWN_ID);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(pending.decode(r.requestId(), 201, body)).isEqualTo(PendingRequests.Decoded.NOTHING);
    }

    @Test
    void shouldFailAsMalformedWhenTheBodyDecodedAheadDidNotDecode() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        PendingRequests.Decoded decoded = pending.decode(r.requestId(), 201, new byte[] {7});
        assertThat(r.future()).isNotDone();
        assertThat(pending.onResponse(r.requestId(), 201, decoded)).isEqualTo(PendingRequests.Match.MALFORMED);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    @Test
    void shouldFailAsMalformedWhenTheBodyDoesNotDecode() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        assertThat(pending.onResponse(r.requestId(), 201, new byte[] {7})).isEqualTo(PendingRequests.Match.MALFORMED);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    @Test
    void shouldFailAsMalformedWhenTheResponseTypeDoesNotFitTheRequest() {
        var r = pending.register(RequestType.MACRO_CHAIN, TIMEOUT);
        byte[] body = MacroChainResponse.CODEC.encode(new MacroChain(List.of(), Optional.empty()));
        assertThat(pending.onResponse(r.requestId(), 203, body)).isEqualTo(PendingRequests.Match.WRONG_TYPE);
        assertThat(failure(r.future()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    @Test
    void shouldFailWithTheRemoteErrorWhenThePeerAnswersWithAnErrorEnvelope() {
        var r = pending.register(RequestType.HISTORY_CHUNK, TIMEOUT);
        assertThat(pending.onError(r.requestId(), 204, TransportError.RATE_LIMITED))
                .isEqualTo(PendingRequests.Match.MATCHED);
        NetworkFailure f = failure(r.future());
        assertThat(f.kind()).isEqualTo(Kind.REMOTE_ERROR);
        assertThat(f.remoteError()).contains(TransportError.RATE_LIMITED);
    }

    @Test
    void shouldFailFastWithOverloadedWhenTheInFlightLimitIsReached() {
        for (int i = 0; i < 3; i++) {
            pending.register(RequestType.BATCH_SET, TIMEOUT);
        }
        var fourth = pending.register(RequestType.BATCH_SET, TIMEOUT);
        assertThat(failure(fourth.future()).kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(pending.outstanding()).isEqualTo(3);
    }

    @Test
    void shouldFailEverythingWithDisconnectedWhenTheConnectionCloses() {
        var a = pending.register(RequestType.BATCH_SET, TIMEOUT);
        var b = pending.register(RequestType.HISTORY_CHUNK, TIMEOUT);
        pending.close("REMOTE_CLOSED");
        assertThat(failure(a.future()).kind()).isEqualTo(Kind.DISCONNECTED);
        assertThat(failure(b.future()).kind()).isEqualTo(Kind.DISCONNECTED);
        assertThat(failure(pending.register(RequestType.BATCH_SET, TIMEOUT).future())
                        .kind())
                .isEqualTo(Kind.DISCONNECTED);
        assertThat(timer.pending()).isZero();
    }

    private static NetworkFailure failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        Throwable[] cause = new Throwable[1];
        future.whenComplete((v, e) -> cause[0] = e);
        assertThat(cause[0]).isInstanceOf(NetworkFailure.class);
        return (NetworkFailure) cause[0];
    }
}
