package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.transport.CloseReason;
import io.hms.actors.transport.TcpNetwork;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.DisconnectCode;
import io.hms.protocol.message.Envelope;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-network guards of docs/PROTOCOL.md §7.3 end to end, over real TCP on loopback (issue
 * 13): a liar that dials in is banned by its address and node id, and stays refused from a new port
 * and after the syncing node restarts on the same store; a flood of idle connections from one
 * address does not stop an honest sync; a half-sent frame is closed at its read deadline; a
 * duplicate node id is told why. Loopback addresses 127.0.0.2 and up stand for other hosts.
 */
class NetworkGuardsTest {
    /** Idle connections of the flood: the figure. */
    static final int FLOOD = 1000;

    @TempDir
    Path dir;

    private ReliabilityNet net;
    private final List<SyncEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        net = new ReliabilityNet(dir);
    }

    @AfterEach
    void stop() throws Exception {
        net.close();
    }

    @Test
    void aBannedLiarIsRefusedFromANewPortAndAfterTheNodeRestarts() throws Exception {
        TestChain source = net.chain("source", LyingPeersTest.CHAIN);
        Path store = dir.resolve("node");
        RocksDbBlockchain chain = RocksDbBlockchain.create(store, source.chain().spec(), StoreOptions.ARCHIVE);
        SyncingNode syncing =
                SyncingNode.start(net.clientSystem(), chain, NodeConfig.defaults(ReliabilityNet.SETTINGS));
        syncing.addListener(events::add);
        syncing.dial(net.honest(source.chain()));
        TcpNetwork liar = net.lyingDialer(
                source.chain(),
                (request, honest) -> Lie.TOO_MANY_EPOCHS.apply(source.chain(), request, honest),
                "127.0.0.2",
                "liar-1");
        PeerId toNode = liar.connect(syncing.address());

        ReliabilityNet.awaitSynced(syncing);
        Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .until(() -> events.stream().anyMatch(e -> e instanceof SyncEvent.PeerBanned));
        assertThat(events)
                .filteredOn(e -> e instanceof SyncEvent.PeerBanned)
                .singleElement()
                .satisfies(e -> assertThat(((SyncEvent.PeerBanned) e).fault())
                        .isEqualTo(new PeerFault.MacroChain(MacroChainFault.TOO_MANY_EPOCHS)));
        assertThat(syncing.network().bans()).extracting(BanRecord::key).contains(new BanKey.Address("127.0.0.2"));
        Awaitility.await()
                .atMost(60, TimeUnit.SECONDS)
                .until(() -> liar.dialStatus(toNode).orElseThrow().lastClose().orElse(null)
                        == CloseReason.REFUSED_BY_REMOTE);
        assertRefusedBanned(RawConnection.dialFrom(syncing.address(), "127.0.0.2"), false);

        syncing.close();
        chain.close();
        RocksDbBlockchain reopened = RocksDbBlockchain.open(store, StoreOptions.ARCHIVE);
        try (SyncingNode restarted =
                SyncingNode.start(net.clientSystem(), reopened, NodeConfig.defaults(ReliabilityNet.SETTINGS))) {
            assertRefusedBanned(RawConnection.dialFrom(restarted.address(), "127.0.0.2"), false);
            RawConnection sameNode = RawConnection.dialFrom(restarted.address(), "127.0.0.4");
            sameNode.send(RawConnection.helloFor(source.chain(), "liar-1"));
            assertRefusedBanned(sameNode, true);
            ReliabilityNet.assertSameChainAndClean(reopened, source.chain());
        } finally {
            reopened.close();
        }
    }

    @Test
    void aThousandIdleConnectionsFromOneAddressDoNotStopAnHonestSync() throws Exception {
        TestChain source = net.chain("source", LyingPeersTest.CHAIN);
        TestChain node = net.emptyChain("node", LyingPeersTest.CHAIN);
        SyncingNode syncing = net.sync(node, List.of());
        int perAddress = ReliabilityNet.SETTINGS.network().connections().maxInboundPerAddress();
        List<RawConnection> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(net.track(RawConnection.dial(syncing.address())));
        }

        syncing.dial(net.honest(source.chain()));
        ReliabilityNet.awaitSynced(syncing);

        ReliabilityNet.assertSameChainAndClean(node.chain(), source.chain());
        int refused = 0;
        int admitted = 0;
        for (RawConnection c : flood) {
            List<Envelope> got = c.receiveUntilClosed(30_000);
            if (!got.isEmpty()
                    && got.get(0) instanceof Envelope.Disconnect d
                    && d.code() == DisconnectCode.TOO_MANY_FROM_ADDRESS) {
                refused++;
            } else if (!got.isEmpty() && got.get(0) instanceof Envelope.Hello) {
                admitted++; // and closed at the handshake timeout, which frees its slot
            }
        }
        RawConnection other = net.track(RawConnection.dialFrom(syncing.address(), "127.0.0.2"));
        assertThat(other.receive()).as("another address is still let in").get().isInstanceOf(Envelope.Hello.class);
        System.out.printf(
                "guards flood=%d perAddress=%d refusedTooManyFromAddress=%d admittedThenTimedOut=%d%n",
                FLOOD, perAddress, refused, admitted);
        assertThat(refused + admitted)
                .as("each was refused or admitted and closed")
                .isEqualTo(FLOOD);
        assertThat(refused).isGreaterThan(FLOOD / 2);
    }

    @Test
    void aHalfSentFrameAfterTheHelloIsClosedAtItsReadDeadline() throws Exception {
        TestChain source = net.chain("source", LyingPeersTest.CHAIN);
        InetSocketAddress server = net.honest(source.chain());
        RawConnection c = net.track(RawConnection.dial(server));
        c.send(RawConnection.helloFor(source.chain(), "slow-loris"));
        c.sendRaw(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5});

        List<Envelope> got = c.receiveUntilClosed(30_000);

        assertThat(got.get(0)).isInstanceOf(Envelope.Hello.class);
        assertThat(got.get(got.size() - 1))
                .isInstanceOfSatisfying(
                        Envelope.Disconnect.class, d -> assertThat(d.code()).isEqualTo(DisconnectCode.FRAME_TIMEOUT));
    }

    @Test
    void aSecondConnectionWithAConnectedNodeIdIsToldWhy() throws Exception {
        TestChain source = net.chain("source", LyingPeersTest.CHAIN);
        InetSocketAddress server = net.honest(source.chain());
        RawConnection first = net.track(RawConnection.dial(server));
        first.send(RawConnection.helloFor(source.chain(), "twin"));
        assertThat(first.receive()).get().isInstanceOf(Envelope.Hello.class);

        RawConnection second = net.track(RawConnection.dialFrom(server, "127.0.0.2"));
        second.send(RawConnection.helloFor(source.chain(), "twin"));
        List<Envelope> got = second.receiveUntilClosed(30_000);

        assertThat(got.get(got.size() - 1))
                .isInstanceOfSatisfying(
                        Envelope.Disconnect.class,
                        d -> assertThat(d.code()).isEqualTo(DisconnectCode.DUPLICATE_NODE_ID));
    }

    /** The node refuses the connection as banned: at once (a banned address), or after its Hello (a banned node id). */
    private static void assertRefusedBanned(RawConnection c, boolean afterHello) throws Exception {
        try (c) {
            List<Envelope> got = c.receiveUntilClosed(30_000);
            assertThat(got).hasSize(afterHello ? 2 : 1);
            assertThat(got.get(got.size() - 1))
                    .isInstanceOfSatisfying(
                            Envelope.Disconnect.class, d -> assertThat(d.code()).isEqualTo(DisconnectCode.BANNED));
        }
    }
}
