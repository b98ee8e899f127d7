package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings;
import io.hms.actors.settings.NetworkSettings.Connections;
import io.hms.actors.settings.NetworkSettings.Frames;
import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.engine.ban.BanSettings;
import java.time.Duration;

/**
 * Every limit of the TCP transport, named: {@code hms.network} of reference.conf without the
 * listening address ({@link #of(NetworkSettings)}); tests build one directly.
 *
 * @param maxFrameBytes largest frame payload accepted or sent; a larger length prefix closes the
 *     connection (the prefix is read before any allocation). Accepted only while a response may
 *     arrive; otherwise {@code frames.maxRequestBytes} applies
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
 * @param frames the small frame limit, the read deadlines of a started frame, the late-response grace
 * @param connections limits on inbound connections ({@link InboundSlots})
 * @param bans how long bans last and how many are kept ({@link PeerBans})
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
        Duration idleTimeout,
        Frames frames,
        Connections connections,
        BanSettings bans) {

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
            Duration.ofSeconds(60),
            Frames.DEFAULTS,
            Connections.DEFAULTS,
            BanSettings.DEFAULTS);

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
        if (frames == null || connections == null || bans == null) {
            throw new IllegalArgumentException("frames, connections and bans are required");
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
                n.idleTimeout(),
                n.frames(),
                n.connections(),
                n.bans());
    }

    /** The limit of a frame that cannot be a response: {@code frames.maxRequestBytes}, never above the maximum. */
    public int maxRequestFrameBytes() {
        return Math.min(frames.maxRequestBytes(), maxFrameBytes);
    }

    public TransportSettings withMaxFrameBytes(int value) {
        return new Builder(this).maxFrameBytes(value).build();
    }

    public TransportSettings withServingQuota(Quota value) {
        return new Builder(this).servingQuota(value).build();
    }

    public TransportSettings withReconnectBackoff(Duration min, Duration max) {
        return new Builder(this).reconnectBackoff(min, max).build();
    }

    public TransportSettings withHandshakeTimeout(Duration value) {
        return new Builder(this).handshakeTimeout(value).build();
    }

    public TransportSettings withFrames(Frames value) {
        return new Builder(this).frames(value).build();
    }

    public TransportSettings withConnections(Connections value) {
        return new Builder(this).connections(value).build();
    }

    public TransportSettings withBans(BanSettings value) {
        return new Builder(this).bans(value).build();
    }

    /** A copy with some components replaced; the record's constructor checks the result. */
    private static final class Builder {
        private int maxFrameBytes;
        private Duration handshakeTimeout;
        private Duration reconnectMinBackoff;
        private Duration reconnectMaxBackoff;
        private Quota servingQuota;
        private Frames frames;
        private Connections connections;
        private BanSettings bans;
        private final TransportSettings from;

        Builder(TransportSettings s) {
            from = s;
            maxFrameBytes = s.maxFrameBytes;
            handshakeTimeout = s.handshakeTimeout;
            reconnectMinBackoff = s.reconnectMinBackoff;
            reconnectMaxBackoff = s.reconnectMaxBackoff;
            servingQuota = s.servingQuota;
            frames = s.frames;
            connections = s.connections;
            bans = s.bans;
        }

        Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            return this;
        }

        Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        Builder reconnectBackoff(Duration min, Duration max) {
            reconnectMinBackoff = min;
            reconnectMaxBackoff = max;
            return this;
        }

        Builder servingQuota(Quota value) {
            servingQuota = value;
            return this;
        }

        Builder frames(Frames value) {
            frames = value;
            return this;
        }

        Builder connections(Connections value) {
            connections = value;
            return this;
        }

        Builder bans(BanSettings value) {
            bans = value;
            return this;
        }

        TransportSettings build() {
            return new TransportSettings(
                    maxFrameBytes,
                    handshakeTimeout,
                    from.maxInFlightPerPeer,
                    reconnectMinBackoff,
                    reconnectMaxBackoff,
                    from.reconnectRandomFactor,
                    servingQuota,
                    from.handlerParallelism,
                    from.idleTimeout,
                    frames,
                    connections,
                    bans);
        }
    }
}
