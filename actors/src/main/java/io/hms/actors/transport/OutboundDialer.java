package io.hms.actors.transport;

import io.hms.engine.sync.PeerId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one configured peer address connected: dials, and after every close dials again with
 * exponential backoff and a random part ({@link Backoff}; reset by a successful handshake). It
 * gives up for good when the peer turned out to be on another chain or ourselves or broke the wire
 * protocol, when the sync dropped it as malicious or incompatible, or when the network shuts down.
 * While the address is banned it is not dialed: the dialer waits for the ban to expire.
 */
final class OutboundDialer {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundDialer.class);

    private final InetSocketAddress address;
    private final Function<InetSocketAddress, PeerConnection> connect;
    private final PendingRequests.Timer timer;
    private final Backoff backoff;
    private final Supplier<Optional<Duration>> bannedFor;
    private volatile boolean stopped;
    private volatile boolean open;
    private volatile CloseReason lastClose;
    private volatile int attempts;

    OutboundDialer(
            InetSocketAddress address,
            Function<InetSocketAddress, PeerConnection> connect,
            PendingRequests.Timer timer,
            TransportSettings settings,
            Supplier<Optional<Duration>> bannedFor) {
        this.address = address;
        this.bannedFor = bannedFor;
        this.connect = connect;
        this.timer = timer;
        this.backoff = new Backoff(
                settings.reconnectMinBackoff(),
                settings.reconnectMaxBackoff(),
                settings.reconnectRandomFactor(),
                new Random());
    }

    InetSocketAddress address() {
        return address;
    }

    void start() {
        dial();
    }

    /** No more dialing; the open connection, if any, stays until closed by the caller. */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    DialStatus status(PeerId peer) {
        return new DialStatus(peer, open, stopped, Optional.ofNullable(lastClose), attempts);
    }

    private void dial() {
        if (stopped) {
            return;
        }
        Optional<Duration> banned = bannedFor.get();
        if (banned.isPresent()) {
            LOG.debug("peer={} not dialed: banned for {}", address, banned.get());
            timer.schedule(banned.get(), this::dial);
            return;
        }
        attempts++;
        PeerConnection c = connect.apply(address);
        c.opened().thenRun(this::onOpened);
        CompletionStage<CloseReason> closed = c.closed();
        closed.thenAccept(this::onClosed);
    }

    private synchronized void onOpened() {
        open = true;
        backoff.reset();
    }

    private void onClosed(CloseReason reason) {
        open = false;
        lastClose = reason;
        if (reason.isIncompatible() || reason.isProtocolBreach()) {
            // a peer of another chain, or one that sent bytes no honest hms node sends, is not dialed again
            LOG.warn("not redialing {}: {}", address, reason);
            stopped = true;
        }
        if (stopped || reason == CloseReason.SHUTDOWN) {
            return;
        }
        Duration delay;
        synchronized (this) {
            delay = backoff.next();
        }
        LOG.debug("peer={} closed reason={} redial_in={}", address, reason, delay);
        timer.schedule(delay, this::dial);
    }
}
