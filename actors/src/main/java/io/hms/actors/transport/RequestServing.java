package io.hms.actors.transport;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.metrics.ServeOutcome;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Envelope.ErrorEnvelope;
import io.hms.protocol.message.Envelope.RequestEnvelope;
import io.hms.protocol.message.Envelope.ResponseEnvelope;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of one connection: turns each inbound request envelope into the envelope that
 * answers it. The rate limit and decoding run on the caller's (the stream's) thread; the handler
 * and the encoding of its answer run on the serving executor (the node's {@link ServingPool}). Every
 * request gets an answer: the handler's response, or an error envelope naming why not (rate limited,
 * malformed, no receiver, busy, internal). An executor that refuses the task (a full pool) makes the
 * answer {@code BUSY} at once, and the request costs the peer's quota nothing. Only a type id that no
 * request family has is not answered: it closes the connection.
 */
final class RequestServing {
    private static final Logger LOG = LoggerFactory.getLogger(RequestServing.class);
    /** Room for an envelope's kind, request id and type id in front of the body. */
    private static final int ENVELOPE_OVERHEAD = 16;

    private final String peer;
    private final Optional<InboundRequestHandler> handler;
    private final Executor executor;
    private final ServingQuota quota;
    private final HmsMetrics metrics;
    private final PeerTraffic traffic;
    private final int maxFrameBytes;

    RequestServing(
            String peer,
            Optional<InboundRequestHandler> handler,
            Executor executor,
            ServingQuota quota,
            HmsMetrics metrics,
            PeerTraffic traffic,
            int maxFrameBytes) {
        this.peer = peer;
        this.handler = handler;
        this.executor = executor;
        this.quota = quota;
        this.metrics = metrics;
        this.traffic = traffic;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The answer to {@code envelope}. Call sequentially, in the order the requests arrived.
     *
     * @throws ConnectionClosed with {@link CloseReason#UNKNOWN_TYPE} for an unknown type id
     */
    CompletionStage<Envelope> answer(RequestEnvelope envelope) {
        RequestType<?, ?> type = RequestType.byTypeId(envelope.typeId())
                .orElseThrow(
                        () -> new ConnectionClosed(CloseReason.UNKNOWN_TYPE, "request type id " + envelope.typeId()));
        if (!quota.tryAdmit()) {
            return done(error(envelope, type, TransportError.RATE_LIMITED, ServeOutcome.RATE_LIMITED));
        }
        Request request;
        try {
            request = type.requestCodec().decode(envelope.body().unsafeBytes());
        } catch (DecodeException e) {
            LOG.debug("peer={} type={} malformed request: {}", peer, type, e.getMessage());
            return done(error(envelope, type, TransportError.MALFORMED_REQUEST, ServeOutcome.MALFORMED_REQUEST));
        }
        if (handler.isEmpty()) {
            return done(error(envelope, type, TransportError.NO_RECEIVER, ServeOutcome.NO_RECEIVER));
        }
        InboundRequestHandler h = handler.get();
        try {
            return CompletableFuture.supplyAsync(() -> serve(h, envelope, type, request), executor); // the serving pool
        } catch (RejectedExecutionException full) {
            quota.refund();
            LOG.debug("peer={} type={} serving pool full, answering BUSY", peer, type);
            return done(error(envelope, type, TransportError.BUSY, ServeOutcome.BUSY));
        }
    }

    private Envelope serve(InboundRequestHandler h, RequestEnvelope envelope, RequestType<?, ?> type, Request request) {
        try {
            Response response = h.handle(request);
            byte[] body = encode(type, response);
            quota.settle(body.length);
            if (body.length + ENVELOPE_OVERHEAD > maxFrameBytes) {
                LOG.warn("peer={} type={} response of {} bytes exceeds the frame limit", peer, type, body.length);
                return error(envelope, type, TransportError.INTERNAL, ServeOutcome.INTERNAL);
            }
            ServeOutcome outcome = response.isError() ? ServeOutcome.ERROR_RESPONSE : ServeOutcome.OK;
            metrics.requestServed(type, outcome);
            traffic.served(outcome);
            return new ResponseEnvelope(envelope.requestId(), type.responseTypeId(), ByteString.wrap(body));
        } catch (RuntimeException e) {
            LOG.warn("peer={} type={} handler failed", peer, type, e);
            return error(envelope, type, TransportError.INTERNAL, ServeOutcome.INTERNAL);
        }
    }

    /** Encodes with the family's codec; a handler answering with another family's response throws. */
    @SuppressWarnings("unchecked")
    private static <R extends Response> byte[] encode(RequestType<?, R> type, Response response) {
        return type.responseCodec().encode((R) response);
    }

    private ErrorEnvelope error(
            RequestEnvelope envelope, RequestType<?, ?> type, TransportError error, ServeOutcome outcome) {
        metrics.requestServed(type, outcome);
        traffic.served(outcome);
        return new ErrorEnvelope(envelope.requestId(), type.typeId(), error);
    }

    private static CompletionStage<Envelope> done(Envelope e) {
        return CompletableFuture.completedFuture(e);
    }
}
