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
 * @param reconnectMaxBackoff longest delay between re-dial attempts
 * @param rateLimit inbound requests allowed per peer and request type
 * @param handlerParallelism inbound requests handled concurrently per request type
 * @param idleTimeout a connection without traffic for this long is closed
 */
public record NetworkSettings(
    String host,
    int port,
    int maxFrameBytes,
    Duration handshakeTimeout,
    int maxInFlightPerPeer,
    Duration reconnectMinBackoff,
    Duration reconnectMaxBackoff,
    RateLimit rateLimit,
    int handlerParallelism,
    Duration idleTimeout) {

  /**
   * @param maxRequests requests of one type one peer may send per window
   * @param window length of the window
   */
  public record RateLimit(int maxRequests, Duration window) {
    public RateLimit {
      HmsSettings.atLeast("rateLimit.maxRequests", maxRequests, 1);
      HmsSettings.positive("rateLimit.window", window);
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
    Objects.requireNonNull(rateLimit, "rateLimit");
    HmsSettings.atLeast("handlerParallelism", handlerParallelism, 1);
    HmsSettings.positive("idleTimeout", idleTimeout);
  }

  static NetworkSettings read(Config c) {
    Config rate = c.getConfig("rate-limit");
    return new NetworkSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getInt("max-frame-bytes"),
        c.getDuration("handshake-timeout"),
        c.getInt("max-in-flight-per-peer"),
        c.getDuration("reconnect-min-backoff"),
        c.getDuration("reconnect-max-backoff"),
        new RateLimit(rate.getInt("max-requests"), rate.getDuration("window")),
        c.getInt("handler-parallelism"),
        c.getDuration("idle-timeout"));
  }

  public NetworkSettings withPort(int value) {
    return new NetworkSettings(host, value, maxFrameBytes, handshakeTimeout, maxInFlightPerPeer, reconnectMinBackoff,
        reconnectMaxBackoff, rateLimit, handlerParallelism, idleTimeout);
  }
}
