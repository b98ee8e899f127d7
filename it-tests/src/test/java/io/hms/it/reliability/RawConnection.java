package io.hms.it.reliability;

import io.hms.engine.store.ChainView;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.model.ByteString;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One TCP connection spoken by hand, frame by frame as docs/PROTOCOL.md §7 defines them (a 4-byte
 * big-endian length, then one envelope), so tests can send what the real transport never would:
 * garbage, truncated and oversize frames, unknown types, floods.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    static RawConnection dial(InetSocketAddress address) throws IOException {
        return new RawConnection(new Socket(address.getAddress(), address.getPort()));
    }

    /** A connection from {@code localIp}: 127.0.0.2 and up stand for other hosts on loopback. */
    static RawConnection dialFrom(InetSocketAddress address, String localIp) throws IOException {
        return new RawConnection(
                new Socket(address.getAddress(), address.getPort(), java.net.InetAddress.getByName(localIp), 0));
    }

    /** Every envelope until the remote closes the connection (at most {@code timeoutMs} of silence). */
    java.util.List<Envelope> receiveUntilClosed(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        java.util.List<Envelope> out = new java.util.ArrayList<>();
        Optional<Envelope> e;
        while ((e = receive()).isPresent()) {
            out.add(e.get());
        }
        return out;
    }

    /** The Hello of a node of {@code chain}'s network that serves it. */
    static Envelope.Hello helloFor(ChainView chain, String name) {
        return new Envelope.Hello(new Handshake(
                Handshake.PROTOCOL_VERSION,
                chain.spec().networkId(),
                chain.spec().genesisHash(),
                chain.services(),
                ByteString.wrap(name.getBytes(StandardCharsets.US_ASCII))));
    }

    void send(Envelope e) throws IOException {
        sendFrame(Envelope.CODEC.encode(e));
    }

    synchronized void sendFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Raw bytes, no framing: for truncated and oversize frames. */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next envelope; empty when the remote closed the connection. */
    Optional<Envelope> receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException | SocketException closed) {
            return Optional.empty();
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException | SocketException closed) {
            return Optional.empty();
        }
        try {
            return Optional.of(Envelope.CODEC.decode(payload));
        } catch (DecodeException e) {
            throw new IOException("the remote sent an undecodable envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Reads until the remote closes the connection (true) or sends nothing for {@code timeoutMs}
     * (false); whatever arrives meanwhile is dropped.
     */
    boolean closedByRemote(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (receive().isPresent()) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(0);
        }
    }

    void setTimeout(int ms) throws SocketException {
        socket.setSoTimeout(ms);
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
