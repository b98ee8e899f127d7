package io.hms.actors.admin;

/**
 * One peer of a running node, as {@code GET /peers} and {@code hms peers} show it. The fields are
 * raw: {@code state} and {@code reasonCode} are codes for scripts, {@code reason} the detail text.
 *
 * @param peer the peer id (the address we dialed, or the remote address of an inbound connection)
 * @param node the peer's node name from its handshake; empty if it never connected
 * @param direction {@code outbound} (we dialed it), {@code inbound}, or empty if not connected
 * @param connected whether a handshaken connection is open now
 * @param services the services the peer offers (e.g. {@code HISTORY|FULL_BLOCKS})
 * @param state {@code syncing} (in an active cluster of our sync), {@code Good}, {@code Outdated},
 *     {@code Incompatible}, {@code Banned}, {@code connected} (no sync result: e.g. a peer syncing
 *     from us), {@code unreachable} or {@code refused} (a dialed peer without a connection)
 * @param reasonCode the code behind the state: the Outdated reason, the ban's fault, the last close
 *     reason of a dialed peer; empty when the state says it all
 * @param reason the detail behind the code, as the sync reported it
 * @param banned whether our sync banned the peer for data that proved it lying
 * @param clusters active sync clusters the peer is in
 * @param bytesReceived bytes received from the peer on its open connection
 * @param bytesSent bytes sent to it
 * @param requestsSent our requests to it that ended
 * @param requestsFailed of those, the ones without an answer (timeout, disconnect, overload, ...)
 * @param requestsServed its requests we answered
 * @param requestsRefused of those, the ones refused (rate limited, busy, malformed, internal)
 */
public record PeerRow(
        String peer,
        String node,
        String direction,
        boolean connected,
        String services,
        String state,
        String reasonCode,
        String reason,
        boolean banned,
        int clusters,
        long bytesReceived,
        long bytesSent,
        long requestsSent,
        long requestsFailed,
        long requestsServed,
        long requestsRefused) {}
