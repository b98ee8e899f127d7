package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.transport.CloseReason;
import io.hms.actors.transport.DialStatus;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.PeerId;
import io.hms.engine.testing.TestChains.TestChain;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Peers that do not belong: another chain's node, a connection sending garbage. */
class HostilePeersTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(21).withShape(2, 1).withTransactions(200, 0.0, false);

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void aPeerWithAnotherGenesisIsRefusedAndNeverUsed() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        TestChain other = net.chain("other", CHAIN.withSeed(99));
        InetSocketAddress good = net.serve(source.chain()).address();
        InetSocketAddress stranger = net.serve(other.chain()).address();
        TestChain node = net.emptyChain("node", CHAIN);

        SyncingNode syncing = net.sync(node, List.of(stranger, good));
        syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);

        PeerId strangerId = syncing.dialedPeers().get(0);
        assertThat(syncing.results()).doesNotContainKey(strangerId);
        assertThat(syncing.network().peers()).noneMatch(p -> p.peer().equals(strangerId));
        // the sync may finish from the good peer before the stranger's handshake has been refused
        org.awaitility.Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .until(() ->
                        syncing.network().dialStatus(strangerId).orElseThrow().gaveUp());
        DialStatus dial = syncing.network().dialStatus(strangerId).orElseThrow();
        assertThat(dial.lastClose()).contains(CloseReason.GENESIS_MISMATCH);
        assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                .isTrue();
    }

    @Test
    void aPeerSpeakingProtocolVersionOneIsRefusedAsIncompatibleAndNeverUsed() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        InetSocketAddress good = net.serve(source.chain()).address();
        TestChain node = net.emptyChain("node", CHAIN);
        try (java.net.ServerSocket old = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerWithVersionOneHello(old, source), "version-1-peer");
            peer.setDaemon(true);
            peer.start();
            InetSocketAddress v1 = new InetSocketAddress(old.getInetAddress(), old.getLocalPort());

            SyncingNode syncing = net.sync(node, List.of(v1, good));
            syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);

            PeerId oldId = syncing.dialedPeers().get(0);
            assertThat(syncing.results()).doesNotContainKey(oldId);
            org.awaitility.Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() ->
                            syncing.network().dialStatus(oldId).orElseThrow().gaveUp());
            assertThat(syncing.network().dialStatus(oldId).orElseThrow().lastClose())
                    .contains(CloseReason.PROTOCOL_VERSION_MISMATCH);
            assertThat(CloseReason.PROTOCOL_VERSION_MISMATCH.isIncompatible()).isTrue();
            assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                    .isTrue();
        }
    }

    /** A node of protocol version 1: sends its Hello on every accepted connection and reads until closed. */
    private static void answerWithVersionOneHello(java.net.ServerSocket server, TestChain chain) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                byte[] hello = io.hms.protocol.message.Envelope.CODEC.encode(
                        new io.hms.protocol.message.Envelope.Hello(new io.hms.protocol.message.Handshake(
                                1,
                                chain.spec().networkId(),
                                chain.spec().genesisHash(),
                                3,
                                io.hms.protocol.model.ByteString.of(
                                        "hms-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
                OutputStream out = s.getOutputStream();
                out.write(java.nio.ByteBuffer.allocate(4).putInt(hello.length).array());
                out.write(hello);
                out.flush();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException closed) {
                // the node closed the connection, or the test closed the server
            }
        }
    }

    @Test
    void aConnectionSendingGarbageIsClosedWhileAnotherKeepsBeingServed() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        ServingNode server = net.serve(source.chain());
        TestChain node = net.emptyChain("node", CHAIN);
        SyncingNode syncing = net.sync(node, List.of(server.address()));

        try (Socket garbage =
                new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = garbage.getOutputStream();
            out.write(new byte[] {0, 0, 0, 8, 'n', 'o', 't', ' ', 'h', 'm', 's', '!'});
            out.flush();
            assertThat(closedByServer(garbage)).isTrue();
        }

        syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                .isTrue();
    }

    /** Reads until end of stream (the server's Hello comes first); false if the server keeps it open. */
    private static boolean closedByServer(Socket socket) throws Exception {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // the Hello, then nothing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
