package io.hms.actors.node;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.transport.LinkShaping;
import io.hms.actors.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run one node.
 *
 * @param settings everything of reference.conf ({@code hms.*})
 * @param host address to listen on
 * @param port port to listen on (0: any free port)
 * @param shaping latency and bandwidth added to everything this node sends
 * @param peers addresses to dial and keep dialing
 * @param follow after the first sync, re-ask Good peers every {@code followInterval} for new
 *     macro blocks (hms's own live-sync hook); empty: stay with the first result
 * @param metrics where the node's meters go
 * @param nodeName our node id in the handshake; empty for a random one
 */
public record NodeConfig(
        HmsSettings settings,
        String host,
        int port,
        LinkShaping shaping,
        List<InetSocketAddress> peers,
        Optional<Duration> follow,
        HmsMetrics metrics,
        Optional<String> nodeName) {

    public NodeConfig {
        peers = List.copyOf(peers);
    }

    /** Listen on loopback, any free port, no peers, no shaping, no following, discarded metrics. */
    public static NodeConfig defaults(HmsSettings settings) {
        return new NodeConfig(
                settings,
                settings.network().host(),
                settings.network().port(),
                LinkShaping.NONE,
                List.of(),
                Optional.empty(),
                HmsMetrics.discarding(),
                Optional.empty());
    }

    public TransportSettings transport() {
        return TransportSettings.of(settings.network());
    }

    public NodeConfig withSettings(HmsSettings value) {
        return new NodeConfig(value, host, port, shaping, peers, follow, metrics, nodeName);
    }

    public NodeConfig withPort(int value) {
        return new NodeConfig(settings, host, value, shaping, peers, follow, metrics, nodeName);
    }

    public NodeConfig withHost(String value) {
        return new NodeConfig(settings, value, port, shaping, peers, follow, metrics, nodeName);
    }

    public NodeConfig withShaping(LinkShaping value) {
        return new NodeConfig(settings, host, port, value, peers, follow, metrics, nodeName);
    }

    public NodeConfig withPeers(List<InetSocketAddress> value) {
        return new NodeConfig(settings, host, port, shaping, value, follow, metrics, nodeName);
    }

    public NodeConfig withFollow(Duration interval) {
        return new NodeConfig(settings, host, port, shaping, peers, Optional.of(interval), metrics, nodeName);
    }

    public NodeConfig withMetrics(HmsMetrics value) {
        return new NodeConfig(settings, host, port, shaping, peers, follow, value, nodeName);
    }

    public NodeConfig withNodeName(String value) {
        return new NodeConfig(settings, host, port, shaping, peers, follow, metrics, Optional.of(value));
    }
}
