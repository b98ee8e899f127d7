package io.hms.actors.wire;

import io.hms.actors.worker.WorkerActor;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;

/** What the coordinator tells a worker: its welcome, ranges, and changes to them. */
final class WorkerCommandCodec {
    private WorkerCommandCodec() {}

    static void write(Writer out, WorkerActor.Command c, BiConsumer<Writer, ActorRef<?>> refs) {
        if (c instanceof WorkerActor.Welcome w) {
            out.varint(w.networkId()).raw(w.genesisHash().unsafeBytes());
            WireCodecs.POLICY.write(out, w.policy());
        } else if (c instanceof WorkerActor.Assign a) {
            WireCodecs.CLUSTER.write(out, a.cluster());
            WireCodecs.RANGE_START.write(out, a.start());
            refs.accept(out, a.jobs());
            refs.accept(out, a.events());
        } else if (c instanceof WorkerActor.AddPeer a) {
            out.varint(a.clusterId());
            WireCodecs.PEER.write(out, a.peer());
        } else if (c instanceof WorkerActor.RemovePeer r) {
            WireCodecs.PEER.write(out, r.peer());
        } else if (c instanceof WorkerActor.Truncate t) {
            out.varint(t.clusterId()).varint(t.keep());
        } else if (c instanceof WorkerActor.Abort a) {
            out.varint(a.clusterId());
        } else if (c instanceof WorkerActor.Ban b) {
            WireCodecs.PEER.write(out, b.peer());
            ClusterEventCodec.writeFault(out, b.fault());
            WireCodecs.STRING.write(out, b.detail());
        } else {
            throw new IllegalArgumentException("not a wire message: " + c.getClass());
        }
    }

    static WorkerActor.Command read(Reader in, String manifest, WireSerializer refs) throws DecodeException {
        return switch (manifest) {
            case WireManifest.WELCOME ->
                new WorkerActor.Welcome(
                        (int) in.varint("networkId", Integer.MAX_VALUE),
                        Hash.read(in, "genesisHash"),
                        WireCodecs.POLICY.read(in));
            case WireManifest.ASSIGN ->
                new WorkerActor.Assign(
                        WireCodecs.CLUSTER.read(in), WireCodecs.RANGE_START.read(in), refs.ref(in), refs.ref(in));
            case WireManifest.ADD_PEER -> new WorkerActor.AddPeer(in.varint("clusterId"), WireCodecs.PEER.read(in));
            case WireManifest.REMOVE_PEER -> new WorkerActor.RemovePeer(WireCodecs.PEER.read(in));
            case WireManifest.TRUNCATE ->
                new WorkerActor.Truncate(in.varint("clusterId"), (int) in.varint("keep", Integer.MAX_VALUE));
            case WireManifest.ABORT -> new WorkerActor.Abort(in.varint("clusterId"));
            default ->
                new WorkerActor.Ban(
                        WireCodecs.PEER.read(in), ClusterEventCodec.readFault(in), WireCodecs.STRING.read(in));
        };
    }
}
