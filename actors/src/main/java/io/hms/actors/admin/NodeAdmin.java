package io.hms.actors.admin;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.settings.AdminSettings;
import io.hms.actors.sync.SyncStatus;
import io.hms.actors.transport.DialStatus;
import io.hms.actors.transport.TcpNetwork;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin endpoint of a running {@code hms serve} or {@code hms sync} ({@code GET /status}, {@code
 * GET /peers}), with its address recorded in the data directory's {@code admin.json} while it runs
 * so that {@code hms peers --data DIR} finds it. Closing it removes the file.
 */
public final class NodeAdmin implements AutoCloseable {
    private static final long ASK_SECONDS = 5;

    private final AdminServer server;
    private final DataDirectory dir;
    private final AdminAddress address;

    private NodeAdmin(AdminServer server, DataDirectory dir, AdminAddress address) {
        this.server = server;
        this.dir = dir;
        this.address = address;
    }

    /** The endpoint of a node that only serves {@code chain}. */
    public static NodeAdmin forServe(AdminSettings settings, DataDirectory dir, ChainView chain, ServingNode node)
            throws IOException {
        TcpNetwork net = node.network();
        Supplier<NodeStatus> status = () -> new NodeStatus(
                "serve", pid(), listen(node.address()), net.peers().size(), Optional.empty(), StatusReport.of(chain));
        Supplier<NodeStatus.Peers> peers = () -> new NodeStatus.Peers(
                "serve",
                new PeerTable(net.peers(), net.traffic(), Map.of(), Map.of(), Map.of(), Map.of()).rows(),
                bans(net));
        return start(settings, dir, "serve", status, peers);
    }

    /** The endpoint of a node that syncs {@code chain} (and serves it). */
    public static NodeAdmin forSync(AdminSettings settings, DataDirectory dir, ChainView chain, SyncingNode node)
            throws IOException {
        TcpNetwork net = node.network();
        Supplier<NodeStatus> status = () -> {
            SyncStatus s = syncStatus(node);
            NodeStatus.Sync sync = new NodeStatus.Sync(
                    s.synced(),
                    s.activatedClusters(),
                    s.waitingEpochClusters() + s.waitingCheckpointClusters(),
                    s.queuedJobs(),
                    s.bannedPeers().stream().map(PeerId::value).toList());
            return new NodeStatus(
                    "sync",
                    pid(),
                    listen(node.address()),
                    net.peers().size(),
                    Optional.of(sync),
                    StatusReport.of(chain));
        };
        Supplier<NodeStatus.Peers> peers = () -> {
            Map<PeerId, DialStatus> dials = new LinkedHashMap<>();
            node.dialedPeers().forEach(p -> net.dialStatus(p).ifPresent(d -> dials.put(p, d)));
            PeerTable table = new PeerTable(
                    net.peers(),
                    net.traffic(),
                    dials,
                    node.results(),
                    node.banned(),
                    syncStatus(node).peerClusterCounts());
            return new NodeStatus.Peers("sync", table.rows(), bans(net));
        };
        return start(settings, dir, "sync", status, peers);
    }

    private static NodeAdmin start(
            AdminSettings settings,
            DataDirectory dir,
            String role,
            Supplier<NodeStatus> status,
            Supplier<NodeStatus.Peers> peers)
            throws IOException {
        AdminServer server = AdminServer.start(settings, Map.of("/status", status, "/peers", peers));
        InetSocketAddress bound = server.address();
        AdminAddress address = new AdminAddress(bound.getAddress().getHostAddress(), bound.getPort(), pid(), role);
        try {
            address.write(dir);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new NodeAdmin(server, dir, address);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    private static SyncStatus syncStatus(SyncingNode node) {
        try {
            return node.sync().status().toCompletableFuture().get(ASK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the sync", e);
        } catch (Exception e) {
            throw new IllegalStateException("the sync did not answer: " + e, e);
        }
    }

    private static List<NodeStatus.Ban> bans(TcpNetwork net) {
        return net.bans().stream().map(NodeAdmin::ban).toList();
    }

    private static NodeStatus.Ban ban(BanRecord b) {
        return new NodeStatus.Ban(
                b.key().describe(), b.reason(), b.since().toString(), b.until().toString(), b.offences());
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    private static String listen(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        address.remove(dir);
        server.close();
    }
}
