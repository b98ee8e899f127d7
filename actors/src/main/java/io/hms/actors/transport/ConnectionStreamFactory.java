package io.hms.actors.transport;

import io.hms.actors.concurrent.PlainStage;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.protocol.message.Envelope;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;

/**
 * Wires a {@link PeerConnection} into the flow that handles one TCP connection, top to bottom:
 *
 * <pre>
 * inbound:  kill switch → idle timeout → count bytes → connection.onBytes (frames of a
 *           4-byte length and a maximum size) → connection.decode (envelopes and response
 *           bodies, on hms.verification-dispatcher, ≤ DECODES_IN_FLIGHT at once, in order) →
 *           connection.onInbound (match by request id; ≤ handler-parallelism at once) → watch the end
 * outbound: queue (our Hello, requests, answers) → link latency (answers only) → frame → link
 *           bandwidth → kill switch → count bytes
 * </pre>
 *
 * A protocol violation does not fail the stream (that would reset the socket and lose what we
 * queued): the connection completes the outbound queue, the socket closes once it is written, and
 * the inbound side ends. The kill switch is the hard stop for a remote that does not read. The two
 * sides are coupled, and the inbound side's end is the one place the connection learns it closed.
 */
final class ConnectionStreamFactory {
    /** Envelopes waiting to be written; more offers wait (backpressure) rather than drop. */
    private static final int OUTBOUND_BUFFER = 16;

    /**
     * Frames of one connection being decoded at once (count), each on the decoding executor; results
     * are passed on in arrival order. A few suffice to keep both cores busy with one peer's chunks
     * (each ~250 KB, ~1 024 transactions) while the stream thread only cuts frames.
     */
    private static final int DECODES_IN_FLIGHT = 4;

    private final ClassicActorSystemProvider system;
    private final HmsMetrics metrics;

    ConnectionStreamFactory(ClassicActorSystemProvider system, HmsMetrics metrics) {
        this.system = system;
        this.metrics = metrics;
    }

    /** The flow for {@code connection}, which is attached to it before the flow runs. */
    Flow<ByteString, ByteString, NotUsed> flowFor(PeerConnection connection, TransportSettings s, LinkShaping shaping) {
        SharedKillSwitch killSwitch = KillSwitches.shared("hms-connection");
        int maxOffers = s.maxInFlightPerPeer() + s.handlerParallelism() + 4;
        Pair<SourceQueueWithComplete<Envelope>, Source<Envelope, NotUsed>> queue = Source.<Envelope>queue(
                        OUTBOUND_BUFFER, OverflowStrategy.backpressure(), maxOffers)
                .preMaterialize(system);
        connection.attach(queue.first(), killSwitch);

        Sink<ByteString, NotUsed> inbound = Flow.of(ByteString.class)
                .via(killSwitch.<ByteString>flow())
                .idleTimeout(s.idleTimeout())
                .map(bytes -> {
                    metrics.bytesReceived(bytes.size());
                    connection.traffic().received(bytes.size());
                    metrics.peerBytesReceived(connection.peerId(), bytes.size());
                    return bytes;
                })
                .mapConcat(connection::onBytes) // framing only, on the stream's thread
                .mapAsync(DECODES_IN_FLIGHT, connection::decode) // decoding on hms.verification-dispatcher
                .mapAsyncUnordered(s.handlerParallelism(), connection::onInbound)
                .watchTermination((mat, done) -> {
                    PlainStage.of(done).whenComplete((ok, failure) -> connection.onTerminated(failure));
                    return mat;
                })
                .to(Sink.ignore());

        Source<ByteString, NotUsed> outbound = queue.second()
                .via(LinkShapingStep.delay(shaping))
                .map(FrameCodec::encode)
                .via(LinkShapingStep.pace(shaping))
                .via(killSwitch.<ByteString>flow())
                .map(bytes -> {
                    metrics.bytesSent(bytes.size());
                    connection.traffic().sent(bytes.size());
                    metrics.peerBytesSent(connection.peerId(), bytes.size());
                    return bytes;
                });

        return Flow.fromSinkAndSourceCoupled(inbound, outbound);
    }
}
