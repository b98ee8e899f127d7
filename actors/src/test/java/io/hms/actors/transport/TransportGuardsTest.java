package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hms.actors.settings.NetworkSettings.Connections;
import io.hms.actors.settings.NetworkSettings.Frames;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.ban.BanStore;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.DisconnectCode;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.ByteString;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guards of docs/PROTOCOL.md §7.3 over real TCP on loopback, spoken to by raw sockets: bans by
 * address and node id, inbound limits, the frame limit by phase and the read deadline of a started
 * frame; each refusal reaches the remote as a Disconnect with its code. Loopback addresses other
 * than 127.0.0.1 (127.0.0.2, ...) stand for other hosts.
 */
class TransportGuardsTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final PeerFault LIE = new PeerFault.Breach("MALFORMED_FRAME");
    private final List<TcpNetwork> networks = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        networks.forEach(TcpNetwork::close);
    }

    @AfterAll
    static void stopKit() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldRefuseABannedPeerFromANewPortAndByItsNodeIdFromAnotherAddress() throws Exception {
        TcpNetwork server = network(TransportSettings.DEFAULTS, BanStore.inMemory());
        InetSocketAddress at = bind(server);
        Socket liar = dial(at, "127.0.0.2", "liar");
        PeerId liarId = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> server.peers().stream().findFirst(), Optional::isPresent)
                .orElseThrow()
                .peer();

        server.ban(liarId, LIE);
        server.disconnect(liarId, io.hms.actors.network.DisconnectReason.MALICIOUS);
        assertThat(endsWith(liar)).isEmpty();

        // refused at accept, so it sends nothing: writing a Hello could race the server's close (broken pipe)
        Socket again = silent(at, "127.0.0.2");
        assertThat(frames(again))
                .as("refused at accept: no Hello, only the reason")
                .singleElement()
                .satisfies(e -> assertDisconnect(e, DisconnectCode.BANNED));
        Socket sameNode = dial(at, "127.0.0.3", "liar");
        List<Envelope> answer = frames(sameNode);
        assertThat(answer.get(0)).isInstanceOf(Envelope.Hello.class);
        assertDisconnect(answer.get(1), DisconnectCode.BANNED);
        assertThat(server.bans())
                .extracting(BanRecord::key)
                .containsExactlyInAnyOrder(new BanKey.Address("127.0.0.2"), node("liar"));
    }

    @Test
    void shouldNotForgiveABanWhenTheNetworkIsBuiltAgainOnTheSameStore() throws Exception {
        BanStore store = BanStore.inMemory();
        TcpNetwork first = network(TransportSettings.DEFAULTS, store);
        InetSocketAddress at = bind(first);
        dial(at, "127.0.0.2", "liar");
        PeerId liarId = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> first.peers().stream().findFirst(), Optional::isPresent)
                .orElseThrow()
                .peer();
        first.ban(liarId, LIE);
        first.close();

        TcpNetwork restarted = network(TransportSettings.DEFAULTS, store);
        InetSocketAddress again = bind(restarted);

        assertThat(frames(dial(again, "127.0.0.2", "liar-renamed")))
                .singleElement()
                .satisfies(e -> assertDisconnect(e, DisconnectCode.BANNED));
    }

    @Test
    void shouldNotDialAnEndpointBannedBeforeARestart() throws Exception {
        TcpNetwork server = network(TransportSettings.DEFAULTS, BanStore.inMemory());
        InetSocketAddress at = bind(server);
        BanStore store = BanStore.inMemory();
        TcpNetwork client = network("client", TransportSettings.DEFAULTS, store);
        PeerId peer = client.connect(at);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.peers().isEmpty());
        client.ban(peer, LIE);
        client.close();

        TcpNetwork restarted = network("client", TransportSettings.DEFAULTS, store);
        restarted.connect(at);

        assertThat(restarted.dialStatus(peer).orElseThrow().attempts()).isZero();
        assertThat(restarted.bans()).extracting(BanRecord::key).contains(new BanKey.Endpoint(peer.value()));
    }

    @Test
    void shouldTellTheClientWhyWhenItsNodeIdIsAlreadyConnected() throws Exception {
        TcpNetwork server = network(TransportSettings.DEFAULTS, BanStore.inMemory());
        InetSocketAddress at = bind(server);
        dial(at, "127.0.0.1", "twin");
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.peers().size() == 1);

        List<Envelope> answer = frames(dial(at, "127.0.0.2", "twin"));

        assertThat(answer.get(0)).isInstanceOf(Envelope.Hello.class);
        assertDisconnect(answer.get(1), DisconnectCode.DUPLICATE_NODE_ID);
    }

    @Test
    void shouldMarkTheClientsCloseAsRefusedWhenTheServerRefusesItsNodeId() throws Exception {
        TcpNetwork server = network(TransportSettings.DEFAULTS, BanStore.inMemory());
        InetSocketAddress at = bind(server);
        dial(at, "127.0.0.1", "twin");
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.peers().size() == 1);
        TcpNetwork twin = TcpNetwork.builder(KIT.system(), hello("twin"))
                .settings(
                        TransportSettings.DEFAULTS.withReconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .build();
        networks.add(twin);

        PeerId peer = twin.connect(at);

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> twin.dialStatus(peer).orElseThrow().lastClose().isPresent());
        assertThat(twin.dialStatus(peer).orElseThrow().lastClose()).contains(CloseReason.REFUSED_BY_REMOTE);
    }

    @Test
    void shouldRefuseConnectionsBeyondThePerAddressLimitButAdmitAnotherAddress() throws Exception {
        TcpNetwork server = network(
                TransportSettings.DEFAULTS.withConnections(new Connections(100, 2, Duration.ofMinutes(1))),
                BanStore.inMemory());
        InetSocketAddress at = bind(server);
        silent(at, "127.0.0.1");
        silent(at, "127.0.0.1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.inboundConnections() == 2);

        assertThat(frames(silent(at, "127.0.0.1")))
                .singleElement()
                .satisfies(e -> assertDisconnect(e, DisconnectCode.TOO_MANY_FROM_ADDRESS));
        Socket other = dial(at, "127.0.0.2", "honest");
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.peers().size() == 1);
        assertThat(other.isClosed()).isFalse();
    }

    @Test
    void shouldRefuseARequestSizedFrameLargerThanTheSmallLimitWhenNoResponseIsExpected() throws Exception {
        InetSocketAddress at = bind(network(TransportSettings.DEFAULTS, BanStore.inMemory()));
        Socket s = dial(at, "127.0.0.1", "big-request");
        int len = TransportSettings.DEFAULTS.maxRequestFrameBytes() + 1;
        s.getOutputStream()
                .write(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});

        List<Envelope> answer = frames(s);

        assertDisconnect(answer.get(answer.size() - 1), DisconnectCode.FRAME_TOO_LARGE);
    }

    @Test
    void shouldCloseAHalfSentFrameWhenItsReadDeadlinePasses() throws Exception {
        Frames quick = new Frames(8192, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        TcpNetwork server = network(TransportSettings.DEFAULTS.withFrames(quick), BanStore.inMemory());
        InetSocketAddress at = bind(server);
        Socket s = dial(at, "127.0.0.1", "slow-loris");
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.peers().size() == 1);
        s.getOutputStream().write(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5});

        List<Envelope> answer = frames(s);

        assertDisconnect(answer.get(answer.size() - 1), DisconnectCode.FRAME_TIMEOUT);
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.inboundConnections() == 0);
    }

    private TcpNetwork network(TransportSettings settings, BanStore bans) {
        return network("server", settings, bans);
    }

    private TcpNetwork network(String name, TransportSettings settings, BanStore bans) {
        TcpNetwork n = TcpNetwork.builder(KIT.system(), hello(name))
                .settings(settings)
                .bans(bans)
                .build();
        networks.add(n);
        return n;
    }

    private static InetSocketAddress bind(TcpNetwork n) throws Exception {
        return n.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A raw connection from {@code localIp} that sends the Hello of node {@code name}. */
    private Socket dial(InetSocketAddress at, String localIp, String name) throws IOException {
        Socket s = silent(at, localIp);
        byte[] hello = Envelope.CODEC.encode(new Envelope.Hello(hello(name)));
        byte[] frame = new byte[4 + hello.length];
        frame[3] = (byte) hello.length;
        System.arraycopy(hello, 0, frame, 4, hello.length);
        OutputStream out = s.getOutputStream();
        try {
            out.write(frame);
            out.flush();
        } catch (SocketException closedFirst) {
            // a banned address is refused on accept, before its Hello: the server's Disconnect is
            // already in our receive buffer, where frames() reads it
        }
        return s;
    }

    /** A raw connection from {@code localIp} that sends nothing. */
    private Socket silent(InetSocketAddress at, String localIp) throws IOException {
        Socket s = new Socket(at.getAddress(), at.getPort(), InetAddress.getByName(localIp), 0);
        sockets.add(s);
        return s;
    }

    /** Every envelope the server sends until it closes the connection (at most 20 s). */
    private static List<Envelope> frames(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        List<Envelope> out = new ArrayList<>();
        try {
            while (true) {
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                out.add(Envelope.CODEC.decode(payload));
            }
        } catch (EOFException | SocketException closed) {
            return out;
        } catch (DecodeException e) {
            throw new IOException(e);
        }
    }

    /** What the server sends until the close, skipping the Hello. */
    private static List<Envelope> endsWith(Socket s) throws IOException {
        return frames(s).stream().filter(e -> !(e instanceof Envelope.Hello)).toList();
    }

    private static void assertDisconnect(Envelope e, DisconnectCode code) {
        assertThat(e)
                .isInstanceOfSatisfying(
                        Envelope.Disconnect.class, d -> assertThat(d.code()).isEqualTo(code));
    }

    private static Handshake hello(String name) {
        return LocalHandshake.create(42, TcpNetworkTest.hash(1), Services.REQUIRED_FOR_HISTORY_SYNC, name);
    }

    private static BanKey node(String name) {
        return new BanKey.Node(ByteString.wrap(name.getBytes(StandardCharsets.US_ASCII)));
    }
}
