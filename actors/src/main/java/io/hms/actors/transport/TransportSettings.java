package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings;
import io.hms.actors.settings.NetworkSettings.Quota;
import java.time.Duration;

/**
 * Every limit of the TCP transport, named: {@code hms.network} of reference.conf without the
 * listening address ({@link #of(NetworkSettings)}); tests build one directly.
 *
 * @param maxFrameBytes largest frame payload accepted or sent; a larger length prefix closes the
 *     connection (the prefix is read before any allocation)
 * @param handshakeTimeout time the remote side has to send its Hello
 * @param maxInFlightPerPeer our requests outstanding per peer at most; more fail fast with {@code
 *     OVERLOADED} instead of queueing behind a slow peer
 * @param reconnectMinBackoff first delay before redialing a configured peer
 * @param reconnectMaxBackoff the delay doubles up to this
 * @param reconnectRandomFactor each delay is multiplied by {@code 1 + r · factor}, r uniform in [0, 1)
 *     ({@link Backoff})
 * @param servingQuota response bytes one peer may take from our serving side ({@link ServingQuota})
 * @param handlerParallelism inbound requests of one connection handled at once
 * @param idleTimeout a connection that receives nothing for this long is closed
 */
public record TransportSettings(
        int maxFrameBytes,
        Duration handshakeTimeout,
        int maxInFlightPerPeer,
        Duration reconnectMinBackoff,
        Duration reconnectMaxBackoff,
        double reconnectRandomFactor,
        Quota servingQuota,
        int handlerParallelism,
        Duration idleTimeout) {

    /** The defaults of reference.conf's {@code hms.network}. */
    public static final TransportSettings DEFAULTS = new TransportSettings(
            16 * 1024 * 1024,
            Duration.ofSeconds(5),
            16,
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            0.2,
            new Quota(64L << 20, 64L << 20, 4096),
            64,
            Duration.ofSeconds(60));

    public TransportSettings {
        if (maxFrameBytes < 64 || maxInFlightPerPeer < 1 || servingQuota == null || handlerParallelism < 1) {
            throw new IllegalArgumentException("transport limits must be positive (frames at least 64 bytes)");
        }
        for (Duration d : new Duration[] {handshakeTimeout, reconnectMinBackoff, reconnectMaxBackoff, idleTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("transport durations must be positive: " + d);
            }
        }
        if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
            throw new IllegalArgumentException("reconnectMaxBackoff < reconnectMinBackoff");
        }
        if (!(reconnectRandomFactor >= 0 && reconnectRandomFactor <= 1)) {
            throw new IllegalArgumentException("reconnectRandomFactor must be in 0..1: " + reconnectRandomFactor);
        }
    }

    /** The transport's part of {@code hms.network}. */
    public static TransportSettings of(NetworkSettings n) {
        return new TransportSettings(
                n.maxFrameBytes(),
                n.handshakeTimeout(),
                n.maxInFlightPerPeer(),
                n.reconnectMinBackoff(),
                n.reconnectMaxBackoff(),
                n.reconnectRandomFactor(),
                n.servingQuota(),
                n.handlerParallelism(),
                n.idleTimeout());
    }

    public TransportSettings withMaxFrameBytes(int value) {
        return new TransportSettings(
                value,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout);
    }

    public TransportSettings withServingQuota(Quota value) {
        return new TransportSettings(
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                value,
                handlerParallelism,
                idleTimeout);
    }

    public TransportSettings withReconnectBackoff(Duration min, Duration max) {
        return new TransportSettings(
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                min,
                max,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout);
    }

    public TransportSettings withHandshakeTimeout(Duration value) {
        return new TransportSettings(
                maxFrameBytes,
                value,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout);
    }
}
