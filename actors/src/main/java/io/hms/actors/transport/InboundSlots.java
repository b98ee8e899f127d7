package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings.Connections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the inbound connections open now, in total and per remote IP address, against {@code
 * hms.network.connections}. A connection takes a slot when it is accepted (before its Hello, so that
 * connections that never send one count too) and gives it back when it closes. Connections we dial
 * take no slot. Thread-safe.
 */
final class InboundSlots {
    private final Connections limits;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;

    InboundSlots(Connections limits) {
        this.limits = limits;
    }

    /** Takes a slot for a connection from {@code ip}; the reason to refuse it instead when none is free. */
    synchronized Optional<CloseReason> tryAcquire(String ip) {
        if (open >= limits.maxInbound()) {
            return Optional.of(CloseReason.TOO_MANY_CONNECTIONS);
        }
        int fromAddress = byAddress.getOrDefault(ip, 0);
        if (fromAddress >= limits.maxInboundPerAddress()) {
            return Optional.of(CloseReason.TOO_MANY_FROM_ADDRESS);
        }
        byAddress.put(ip, fromAddress + 1);
        open++;
        return Optional.empty();
    }

    /** Gives back the slot of a connection from {@code ip} that closed. */
    synchronized void release(String ip) {
        Integer n = byAddress.get(ip);
        if (n == null) {
            return;
        }
        if (n == 1) {
            byAddress.remove(ip);
        } else {
            byAddress.put(ip, n - 1);
        }
        open--;
    }

    synchronized int open() {
        return open;
    }

    synchronized int openFrom(String ip) {
        return byAddress.getOrDefault(ip, 0);
    }

    /** The limit a refusal for {@code reason} hit, for its Disconnect detail. */
    String describeLimit(CloseReason reason) {
        return reason == CloseReason.TOO_MANY_CONNECTIONS
                ? limits.maxInbound() + " inbound connections are open"
                : limits.maxInboundPerAddress() + " inbound connections from your address are open";
    }
}
