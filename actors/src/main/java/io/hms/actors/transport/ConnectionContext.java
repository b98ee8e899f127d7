package io.hms.actors.transport;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.protocol.message.Handshake;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What every connection of one {@link TcpNetwork} shares. {@code decoding} decodes inbound frames
 * (normally {@code hms.verification-dispatcher}), {@code handlerExecutor} answers peers' requests.
 */
record ConnectionContext(
        TransportSettings settings,
        LinkShaping shaping,
        Handshake localHello,
        Optional<InboundRequestHandler> handler,
        Executor handlerExecutor,
        Executor decoding,
        PendingRequests.Timer timer,
        Clock clock,
        HmsMetrics metrics,
        PeerRegistry registry,
        PeerBans bans,
        GuardLog guardLog) {}
