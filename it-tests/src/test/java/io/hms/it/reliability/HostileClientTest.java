package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.SyncingNode;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile connections to a serving node (issue 7, "Hostile requests to a serving node"), each while
 * an honest node syncs from the same server: the server closes what deserves closing (garbage, a
 * 2 GiB frame, a request before the Hello, an unknown type, a slow-loris that never completes its
 * Hello), answers a malformed body with {@code MALFORMED_REQUEST} and a flood beyond the rate limit
 * with {@code RATE_LIMITED} on a connection it keeps serving, and the honest sync completes.
 */
class HostileClientTest {
    private static final int CLOSE_WAIT_MS = 15_000;

    @TempDir
    Path dir;

    private ReliabilityNet net;
    private TestChain source;
    private InetSocketAddress server;
    private TestChain node;
    private SyncingNode honest;

    @BeforeEach
    void start() throws Exception {
        net = new ReliabilityNet(dir);
        source = net.chain("source", LyingPeersTest.CHAIN);
        server = net.honest(source.chain());
        node = net.emptyChain("node", LyingPeersTest.CHAIN);
        honest = net.sync(node, List.of(server));
    }

    @AfterEach
    void stop() throws Exception {
        ReliabilityNet.awaitSynced(honest);
        ReliabilityNet.assertSameChainAndClean(node.chain(), source.chain());
        net.close();
    }

    private int connections;

    /** A connection that completed its Hello; each with its own node id (the server refuses duplicates). */
    private RawConnection greeted() throws Exception {
        RawConnection c = net.track(RawConnection.dial(server));
        c.send(RawConnection.helloFor(source.chain(), "hostile-client-" + ++connections));
        return c;
    }

    @Test
    void aGarbageFrameIsClosed() throws Exception {
        RawConnection c = greeted();
        c.sendFrame(new byte[] {0x7F, 1, 2, 3, 4, 5, 6, 7});
        assertThat(c.closedByRemote(CLOSE_WAIT_MS)).isTrue();
    }

    @Test
    void aFrameLengthOf2GiBIsClosedWithoutReadingIt() throws Exception {
        RawConnection c = greeted();
        c.sendRaw(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
        assertThat(c.closedByRemote(CLOSE_WAIT_MS)).isTrue();
    }

    @Test
    void aRequestBeforeTheHelloIsClosed() throws Exception {
        RawConnection c = net.track(RawConnection.dial(server));
        c.send(request(1, new RequestMacroChain(List.of(source.spec().genesisHash()), 10)));
        assertThat(c.closedByRemote(CLOSE_WAIT_MS)).isTrue();
    }

    @Test
    void anUnknownRequestTypeIsClosed() throws Exception {
        RawConnection c = greeted();
        c.send(new Envelope.RequestEnvelope(1, 999, ByteString.EMPTY));
        assertThat(c.closedByRemote(CLOSE_WAIT_MS)).isTrue();
    }

    @Test
    void aTruncatedFrameThenAHangUpLeavesTheServerServing() throws Exception {
        RawConnection c = greeted();
        c.sendRaw(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5});
        c.close();
        RawConnection next = greeted();
        next.send(request(7, new RequestMacroChain(List.of(source.spec().genesisHash()), 10)));
        assertThat(responses(next, 1)).hasSize(1).allMatch(e -> e instanceof Envelope.ResponseEnvelope);
    }

    @Test
    void aSlowLorisThatNeverFinishesItsHelloIsClosedAtTheHandshakeTimeout() throws Exception {
        RawConnection c = net.track(RawConnection.dial(server));
        byte[] hello = Envelope.CODEC.encode(RawConnection.helloFor(source.chain(), "slow-loris"));
        c.sendRaw(new byte[] {0, 0, 0, (byte) hello.length});
        boolean closed = false;
        for (int i = 0; i < hello.length - 1 && !closed; i++) {
            try {
                c.sendRaw(new byte[] {hello[i]});
            } catch (java.io.IOException reset) {
                closed = true;
            }
            closed = closed || c.closedByRemote(500);
        }
        assertThat(closed || c.closedByRemote(CLOSE_WAIT_MS))
                .as("closed before the Hello was complete")
                .isTrue();
    }

    @Test
    void aMalformedBodyIsAnsweredMalformedRequestAndTheConnectionKeepsServing() throws Exception {
        RawConnection c = greeted();
        c.send(new Envelope.RequestEnvelope(5, RequestType.BATCH_SET.typeId(), ByteString.wrap(new byte[] {1, 2, 3})));
        c.send(request(6, new RequestMacroChain(List.of(source.spec().genesisHash()), 10)));

        List<Envelope> answers = responses(c, 2);

        assertThat(answers)
                .contains(new Envelope.ErrorEnvelope(
                        5, RequestType.BATCH_SET.typeId(), TransportError.MALFORMED_REQUEST));
        Envelope.ResponseEnvelope ok = (Envelope.ResponseEnvelope) answers.stream()
                .filter(e -> e instanceof Envelope.ResponseEnvelope)
                .findFirst()
                .orElseThrow();
        assertThat(MacroChainResponse.CODEC.decode(ok.body().unsafeBytes())).isInstanceOf(MacroChain.class);
    }

    @Test
    void aFloodBeyondTheQuotaIsAnsweredRateLimited() throws Exception {
        int flood = (int) ReliabilityNet.floodServedAtMost(0) + 1500;
        RawConnection c = greeted();
        long startNanos = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            c.send(request(100 + i, new RequestMacroChain(List.of(source.spec().genesisHash()), 10)));
        }

        List<Envelope> answers = responses(c, flood);
        long limit = ReliabilityNet.floodServedAtMost((System.nanoTime() - startNanos) / 1_000_000);

        long limited = answers.stream()
                .filter(e -> e instanceof Envelope.ErrorEnvelope err && err.error() == TransportError.RATE_LIMITED)
                .count();
        long served = answers.stream()
                .filter(e -> e instanceof Envelope.ResponseEnvelope)
                .count();
        assertThat(limited).as("rate limited").isPositive().isGreaterThanOrEqualTo(flood - limit);
        assertThat(served).as("served").isLessThanOrEqualTo(limit).isPositive();
    }

    private static Envelope.RequestEnvelope request(long id, RequestMacroChain r) {
        return new Envelope.RequestEnvelope(
                id, RequestType.MACRO_CHAIN.typeId(), ByteString.wrap(RequestMacroChain.CODEC.encode(r)));
    }

    /** The next {@code count} answers (responses and error envelopes), skipping the server's Hello. */
    private static List<Envelope> responses(RawConnection c, int count) throws Exception {
        c.setTimeout(30_000);
        List<Envelope> out = new java.util.ArrayList<>();
        while (out.size() < count) {
            Optional<Envelope> e = c.receive();
            if (e.isEmpty()) {
                break;
            }
            if (!(e.get() instanceof Envelope.Hello)) {
                out.add(e.get());
            }
        }
        return out;
    }
}
