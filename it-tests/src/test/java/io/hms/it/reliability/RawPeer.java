package io.hms.it.reliability;

import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A serving peer written against raw sockets that speaks the protocol correctly until it abuses
 * the transport in one way: it answers RequestMacroChain honestly (so the syncing node clusters it)
 * and commits its {@link Abuse} on batch-set and chunk requests, or, for a flood, from the start.
 */
final class RawPeer implements AutoCloseable {

    /** The ways a peer can break the transport (issue 7). */
    enum Abuse {
        /** Sends the length and half of a response, then closes the connection. */
        DROP_MID_RESPONSE,
        /** Sends a frame whose payload is no envelope. */
        GARBAGE_FRAME,
        /** Announces a 2 GiB frame. */
        OVERSIZE_FRAME,
        /** Sends a request of type id 999, which no family has. */
        UNKNOWN_TYPE,
        /** Answers with a response of another family (type id of a batch set for a chunk, ...). */
        WRONG_RESPONSE_TYPE,
        /** Sends a response for a request id that was never sent before each honest answer. */
        UNSOLICITED_RESPONSE,
        /** Sends 2500 requests right after the handshake, then serves honestly. */
        FLOOD
    }

    static final int FLOOD_REQUESTS = 2500;

    private final ChainView chain;
    private final Abuse abuse;
    private final ServerSocket server;
    private final RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-peer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong abused = new AtomicLong();

    private RawPeer(ChainView chain, Abuse abuse, ServerSocket server) {
        this.chain = chain;
        this.abuse = abuse;
        this.server = server;
    }

    static RawPeer start(ChainView chain, Abuse abuse) throws IOException {
        RawPeer peer = new RawPeer(chain, abuse, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        peer.threads.execute(peer::acceptLoop);
        return peer;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** RATE_LIMITED errors the syncing node answered our flood with. */
    long rateLimitedAnswers() {
        return rateLimited.get();
    }

    /** Requests of the syncing node answered honestly. */
    long honestAnswers() {
        return answered.get();
    }

    /** Times the abuse was committed. */
    long abuses() {
        return abused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (RawConnection c = new RawConnection(socket)) {
            c.send(RawConnection.helloFor(chain, "raw-peer-" + abuse.name().toLowerCase()));
            if (abuse == Abuse.FLOOD) {
                threads.execute(() -> flood(c));
            }
            Optional<Envelope> e;
            while ((e = c.receive()).isPresent()) {
                if (e.get() instanceof Envelope.RequestEnvelope r && !answer(c, r)) {
                    return;
                } else if (e.get() instanceof Envelope.ErrorEnvelope err
                        && err.error() == TransportError.RATE_LIMITED) {
                    rateLimited.incrementAndGet();
                }
            }
        } catch (IOException | DecodeException closed) {
            // the syncing node closed the connection, as it should after most abuses
        }
    }

    /** Answers one request; false once the connection is given up. */
    private boolean answer(RawConnection c, Envelope.RequestEnvelope r) throws IOException, DecodeException {
        RequestType<?, ?> type = RequestType.byTypeId(r.typeId()).orElseThrow();
        @SuppressWarnings("unchecked")
        Request request = ((Codec<Request>) type.requestCodec()).decode(r.body().unsafeBytes());
        Response honest = handlers.handle(request, chain);
        @SuppressWarnings("unchecked")
        byte[] body = ((Codec<Response>) type.responseCodec()).encode(honest);
        byte[] frame = Envelope.CODEC.encode(
                new Envelope.ResponseEnvelope(r.requestId(), type.responseTypeId(), ByteString.wrap(body)));
        boolean target = !(request instanceof RequestMacroChain);
        if (target && abuse != Abuse.FLOOD && abuse != Abuse.UNSOLICITED_RESPONSE) {
            abused.incrementAndGet();
            switch (abuse) {
                case DROP_MID_RESPONSE -> {
                    byte[] half = new byte[4 + frame.length / 2];
                    half[0] = (byte) (frame.length >>> 24);
                    half[1] = (byte) (frame.length >>> 16);
                    half[2] = (byte) (frame.length >>> 8);
                    half[3] = (byte) frame.length;
                    System.arraycopy(frame, 0, half, 4, frame.length / 2);
                    c.sendRaw(half);
                    return false;
                }
                case GARBAGE_FRAME -> {
                    byte[] garbage = new byte[64];
                    new SplittableRandom(r.requestId()).nextBytes(garbage);
                    garbage[0] = 0x7F;
                    c.sendFrame(garbage);
                }
                case OVERSIZE_FRAME -> c.sendRaw(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});
                case UNKNOWN_TYPE -> c.send(new Envelope.RequestEnvelope(1, 999, ByteString.EMPTY));
                case WRONG_RESPONSE_TYPE ->
                    c.send(new Envelope.ResponseEnvelope(
                            r.requestId(), type.responseTypeId() == 203 ? 205 : 203, ByteString.wrap(body)));
                default -> throw new IllegalStateException(abuse.name());
            }
            return true;
        }
        if (abuse == Abuse.UNSOLICITED_RESPONSE) {
            abused.incrementAndGet();
            c.send(new Envelope.ResponseEnvelope(
                    r.requestId() + 1_000_000, type.responseTypeId(), ByteString.wrap(body)));
        }
        c.sendFrame(frame);
        answered.incrementAndGet();
        return true;
    }

    private void flood(RawConnection c) {
        byte[] body = RequestMacroChain.CODEC.encode(
                new RequestMacroChain(List.of(chain.spec().genesisHash()), 1000));
        try {
            for (int i = 0; i < FLOOD_REQUESTS; i++) {
                c.send(new Envelope.RequestEnvelope(
                        10_000_000L + i, RequestType.MACRO_CHAIN.typeId(), ByteString.wrap(body)));
                abused.incrementAndGet();
            }
        } catch (IOException closed) {
            // the node closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
