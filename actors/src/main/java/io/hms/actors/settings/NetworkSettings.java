package io.hms.actors.settings;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * The TCP transport's settings ({@code hms.network}).
 *
 * @param host address to bind the serving socket to
 * @param port port to bind, 0 for any free port
 * @param maxFrameBytes largest frame payload accepted or sent
 * @param handshakeTimeout time the remote side has to complete the handshake
 * @param maxInFlightPerPeer requests to one peer outstanding at most
 * @param reconnectMinBackoff first delay before re-dialling a lost outbound peer
 * @param reconnectMaxBackoff longest delay between re-dial attempts, before the random part
 * @param reconnectRandomFactor each re-dial delay is multiplied by {@code 1 + r · factor}, r uniform in [0, 1)
 * @param servingQuota what one peer (one connection) may take from our serving side, in response bytes
 * @param handlerParallelism inbound requests handled concurrently per request type
 * @param idleTimeout a connection without traffic for this long is closed
 * @param servingPool the threads that run request handlers, for all connections together
 */
public record NetworkSettings(
        String host,
        int port,
        int maxFrameBytes,
        Duration handshakeTimeout,
        int maxInFlightPerPeer,
        Duration reconnectMinBackoff,
        Duration reconnectMaxBackoff,
        double reconnectRandomFactor,
        Quota servingQuota,
        int handlerParallelism,
        Duration idleTimeout,
        ServingPool servingPool) {

    /**
     * A token bucket of response bytes per connection (see {@code ServingQuota} in the transport).
     *
     * @param bytesPerSecond response bytes one peer may take per second, sustained
     * @param burstBytes response bytes the bucket holds at most: what a peer may take at once after a pause
     * @param minRequestBytes what every request costs at least, however small its answer; a request is
     *     refused while the bucket holds less
     */
    public record Quota(long bytesPerSecond, long burstBytes, long minRequestBytes) {
        public Quota {
            if (bytesPerSecond < 1 || minRequestBytes < 1 || burstBytes < minRequestBytes) {
                throw new IllegalArgumentException(
                        "servingQuota needs bytesPerSecond >= 1 and burstBytes >= minRequestBytes" + " >= 1: "
                                + bytesPerSecond + ", " + burstBytes + ", " + minRequestBytes);
            }
        }
    }

    /**
     * The node's serving pool ({@code io.hms.actors.transport.ServingPool}).
     *
     * @param threads handler threads
     * @param queueSize requests waiting for a thread at most; one more is answered BUSY
     */
    public record ServingPool(int threads, int queueSize) {
        public ServingPool {
            HmsSettings.atLeast("servingPool.threads", threads, 1);
            HmsSettings.atLeast("servingPool.queueSize", queueSize, 1);
        }
    }

    public NetworkSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        HmsSettings.atLeast("maxFrameBytes", maxFrameBytes, 1024);
        HmsSettings.positive("handshakeTimeout", handshakeTimeout);
        HmsSettings.atLeast("maxInFlightPerPeer", maxInFlightPerPeer, 1);
        HmsSettings.positive("reconnectMinBackoff", reconnectMinBackoff);
        HmsSettings.positive("reconnectMaxBackoff", reconnectMaxBackoff);
        if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
            throw new IllegalArgumentException("reconnectMaxBackoff < reconnectMinBackoff");
        }
        if (!(reconnectRandomFactor >= 0 && reconnectRandomFactor <= 1)) {
            throw new IllegalArgumentException("reconnectRandomFactor must be in 0..1: " + reconnectRandomFactor);
        }
        Objects.requireNonNull(servingQuota, "servingQuota");
        HmsSettings.atLeast("handlerParallelism", handlerParallelism, 1);
        HmsSettings.positive("idleTimeout", idleTimeout);
        Objects.requireNonNull(servingPool, "servingPool");
    }

    static NetworkSettings read(Config c) {
        Config quota = c.getConfig("serving-quota");
        Config pool = c.getConfig("serving-pool");
        return new NetworkSettings(
                c.getString("host"),
                c.getInt("port"),
                c.getInt("max-frame-bytes"),
                c.getDuration("handshake-timeout"),
                c.getInt("max-in-flight-per-peer"),
                c.getDuration("reconnect-min-backoff"),
                c.getDuration("reconnect-max-backoff"),
                c.getDouble("reconnect-random-factor"),
                new Quota(
                        quota.getBytes("bytes-per-second"),
                        quota.getBytes("burst-bytes"),
                        quota.getBytes("min-request-bytes")),
                c.getInt("handler-parallelism"),
                c.getDuration("idle-timeout"),
                new ServingPool(pool.getInt("threads"), pool.getInt("queue-size")));
    }

    public NetworkSettings withServingQuota(Quota value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                value,
                handlerParallelism,
                idleTimeout,
                servingPool);
    }

    public NetworkSettings withPort(int value) {
        return new NetworkSettings(
                host,
                value,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                servingPool);
    }

    public NetworkSettings withServingPool(ServingPool value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                value);
    }
}
