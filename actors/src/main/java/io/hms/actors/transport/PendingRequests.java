package io.hms.actors.transport;

import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.NetworkFailure.Kind;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.TransportError;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our outstanding requests to one peer: allocates request ids, matches each response or error by
 * id, decodes it with the family's codec, and fails a request when its timeout fires or the
 * connection ends. Every registered future completes exactly once. Thread-safe: callers register
 * from any thread, the connection's stream delivers responses, the timer fires timeouts.
 */
final class PendingRequests {

    /** Schedules a task; the returned handle cancels it. Backed by Pekko's scheduler, or by a test's hand. */
    interface Timer {
        Runnable schedule(Duration delay, Runnable task);
    }

    /** What became of an arriving response or error. */
    enum Match {
        /** Completed the request with that id. */
        MATCHED,
        /** No request with that id is outstanding (answered late, after its timeout). */
        UNKNOWN_ID,
        /** The type id does not belong to the request; the request failed as malformed. */
        WRONG_TYPE,
        /** The body did not decode; the request failed as malformed. */
        MALFORMED
    }

    /** A registered request: the id to put on the wire and the future the caller gets. */
    record Registered<R extends Response>(long requestId, CompletableFuture<R> future) {}

    private final String peer;
    private final int maxInFlight;
    private final Timer timer;
    private final Duration lateResponseGrace;
    private final ConcurrentHashMap<Long, Entry<?>> entries = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger lateResponsesPossible =
            new java.util.concurrent.atomic.AtomicInteger();
    private long nextId = 1;
    private boolean closed;

    PendingRequests(String peer, int maxInFlight, Timer timer) {
        this(peer, maxInFlight, timer, Duration.ZERO);
    }

    /** {@code lateResponseGrace}: how long after a timeout its response still counts as expected. */
    PendingRequests(String peer, int maxInFlight, Timer timer, Duration lateResponseGrace) {
        this.peer = peer;
        this.maxInFlight = maxInFlight;
        this.timer = timer;
        this.lateResponseGrace = lateResponseGrace;
    }

    /**
     * True while a response may arrive: a request is outstanding, or one timed out less than the
     * late-response grace ago. The frame decoder accepts large frames only then.
     */
    boolean expectsResponse() {
        return !entries.isEmpty() || lateResponsesPossible.get() > 0;
    }

    /**
     * Registers a request of {@code type} that fails with {@link Kind#TIMEOUT} after {@code timeout}.
     * When {@code maxInFlight} requests are outstanding, or the connection ended, the returned future
     * has already failed ({@link Kind#OVERLOADED}, {@link Kind#DISCONNECTED}).
     */
    synchronized <R extends Response> Registered<R> register(RequestType<?, R> type, Duration timeout) {
        CompletableFuture<R> future = new CompletableFuture<>();
        long id = nextId++;
        if (closed) {
            future.completeExceptionally(new NetworkFailure(Kind.DISCONNECTED, "connection to " + peer + " is closed"));
        } else if (entries.size() >= maxInFlight) {
            future.completeExceptionally(
                    new NetworkFailure(Kind.OVERLOADED, maxInFlight + " requests to " + peer + " already outstanding"));
        } else {
            Entry<R> entry = new Entry<>(type, future);
            entries.put(id, entry);
            entry.cancelTimeout = timer.schedule(timeout, () -> timedOut(id, type, timeout));
        }
        return new Registered<>(id, future);
    }

    /**
     * A response body decoded with the codec of the request its id names, ahead of {@link
     * #onResponse(long, int, Decoded)}: the costly part of a response, done off the connection's
     * stream thread. Empty if no request of that id and type was outstanding when it was decoded.
     */
    record Decoded(Optional<Response> response, Optional<DecodeException> failure) {
        static final Decoded NOTHING = new Decoded(Optional.empty(), Optional.empty());
    }

    /**
     * Decodes a response body for the outstanding request {@code requestId}, leaving the request
     * outstanding (thread-safe; nothing completes here). Ids are never reused, so the request that
     * {@link #onResponse(long, int, Decoded)} later matches is the one decoded for.
     */
    Decoded decode(long requestId, int typeId, byte[] body) {
        Entry<?> entry = entries.get(requestId);
        if (entry == null || typeId != entry.type.responseTypeId()) {
            return Decoded.NOTHING;
        }
        try {
            return new Decoded(Optional.of(entry.type.responseCodec().decode(body)), Optional.empty());
        } catch (DecodeException e) {
            return new Decoded(Optional.empty(), Optional.of(e));
        }
    }

    /** Delivers a response envelope's body, decoding it here. */
    Match onResponse(long requestId, int typeId, byte[] body) {
        return onResponse(requestId, typeId, decode(requestId, typeId, body));
    }

    /** Delivers a response envelope whose body {@link #decode} decoded. */
    Match onResponse(long requestId, int typeId, Decoded body) {
        Entry<?> entry = entries.remove(requestId);
        if (entry == null) {
            return Match.UNKNOWN_ID;
        }
        entry.cancelTimeout.run();
        if (typeId != entry.type.responseTypeId()) {
            entry.future.completeExceptionally(
                    malformed("response type " + typeId + " to a " + entry.type + " request"));
            return Match.WRONG_TYPE;
        }
        return entry.complete(body, peer);
    }

    /** Delivers an error envelope: the request fails with {@link Kind#REMOTE_ERROR}. */
    Match onError(long requestId, int typeId, TransportError error) {
        Entry<?> entry = entries.remove(requestId);
        if (entry == null) {
            return Match.UNKNOWN_ID;
        }
        entry.cancelTimeout.run();
        if (typeId != entry.type.typeId()) {
            entry.future.completeExceptionally(
                    malformed("error for type " + typeId + " to a " + entry.type + " request"));
            return Match.WRONG_TYPE;
        }
        entry.future.completeExceptionally(new NetworkFailure(Kind.REMOTE_ERROR, error, peer + " answered " + error));
        return Match.MATCHED;
    }

    private void timedOut(long id, RequestType<?, ?> type, Duration timeout) {
        if (entries.containsKey(id) && !lateResponseGrace.isZero()) {
            lateResponsesPossible.incrementAndGet();
            timer.schedule(lateResponseGrace, lateResponsesPossible::decrementAndGet);
        }
        fail(id, new NetworkFailure(Kind.TIMEOUT, type + " to " + peer + " after " + timeout));
    }

    /** Fails one request, e.g. when it could not be sent. */
    void fail(long requestId, NetworkFailure failure) {
        Entry<?> entry = entries.remove(requestId);
        if (entry != null) {
            entry.cancelTimeout.run();
            entry.future.completeExceptionally(failure);
        }
    }

    /** The connection ended: fails everything outstanding and every later registration. */
    void close(String why) {
        synchronized (this) {
            closed = true;
        }
        for (Long id : entries.keySet()) {
            fail(id, new NetworkFailure(Kind.DISCONNECTED, "connection to " + peer + " closed: " + why));
        }
    }

    int outstanding() {
        return entries.size();
    }

    private NetworkFailure malformed(String message) {
        return new NetworkFailure(Kind.MALFORMED_RESPONSE, peer + " sent " + message);
    }

    private static final class Entry<R extends Response> {
        final RequestType<?, R> type;
        final CompletableFuture<R> future;
        Runnable cancelTimeout = () -> {};

        Entry(RequestType<?, R> type, CompletableFuture<R> future) {
            this.type = type;
            this.future = future;
        }

        Match complete(Decoded body, String peer) {
            if (body.failure().isPresent()) {
                future.completeExceptionally(new NetworkFailure(
                        Kind.MALFORMED_RESPONSE,
                        peer + " sent an undecodable " + type + " response: "
                                + body.failure().get().getMessage()));
                return Match.MALFORMED;
            }
            // decoded by this entry's codec: decode() found this entry under the same never-reused id
            @SuppressWarnings("unchecked")
            R response = (R) body.response()
                    .orElseThrow(() -> new IllegalStateException(
                            "response to a " + type + " request matched but not decoded for it"));
            future.complete(response);
            return Match.MATCHED;
        }
    }
}
