package io.hms.actors.wire;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerDesk;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * hms's own Pekko serializer (id 7315) for the messages that cross nodes ({@code WireSerializable}):
 * each is a one-letter manifest and the protocol's canonical binary form of its fields — blocks,
 * transactions and hashes through the protocol's codecs, actor refs as their serialization format
 * (UTF-8). A batch set costs its canonical encoding plus a few bytes of framing (tested).
 */
public final class WireSerializer extends SerializerWithStringManifest {
    public static final int IDENTIFIER = 7315;

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    public WireSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return WireManifest.of(o)
                .orElseThrow(() -> new IllegalArgumentException("not a wire message: " + o.getClass()));
    }

    @Override
    public byte[] toBinary(Object o) {
        Writer out = new Writer(256);
        if (o instanceof JobActor.Push p) {
            out.varint(p.clusterId()).bool(p.staged());
            WireCodecs.BATCH_SET.write(out, p.batchSet());
            ref(out, p.ackTo());
        } else if (o instanceof JobActor.Stage s) {
            out.varint(s.clusterId())
                    .raw(s.blockHash().unsafeBytes())
                    .varint(s.blockNumber())
                    .varint(s.firstLeafIndex());
            out.list(s.items(), HistoricTransaction.CODEC);
            WireCodecs.writeHashes(out, s.hashes());
            ref(out, s.ackTo());
        } else if (o instanceof JobActor.Accepted a) {
            out.varint(a.clusterId()).raw(a.blockHash().unsafeBytes()).bool(a.queued());
        } else if (o instanceof ClusterEvent e) {
            ClusterEventCodec.write(out, e);
        } else if (o instanceof WorkerActor.Command c) {
            WorkerCommandCodec.write(out, c, this::ref);
        } else if (o instanceof WorkerDesk.Register r) {
            ref(out, r.worker());
            out.varint(r.capacity());
        } else {
            throw new IllegalArgumentException("not a wire message: " + o.getClass());
        }
        byte[] bytes = out.toByteArray();
        WireTraffic.wrote(bytes.length);
        return bytes;
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Reader in = new Reader(bytes);
        try {
            Object value = read(in, manifest);
            in.expectEnd();
            return value;
        } catch (DecodeException | RuntimeException e) {
            throw new NotSerializableException("cannot decode " + manifest + ": " + e.getMessage());
        }
    }

    private Object read(Reader in, String manifest) throws DecodeException {
        switch (manifest) {
            case WireManifest.PUSH: {
                long clusterId = in.varint("clusterId");
                boolean staged = in.bool("staged");
                return new JobActor.Push(clusterId, WireCodecs.BATCH_SET.read(in), staged, ref(in));
            }
            case WireManifest.STAGE: {
                long clusterId = in.varint("clusterId");
                Hash block = Hash.read(in, "blockHash");
                long number = in.varint("blockNumber");
                long firstLeaf = in.varint("firstLeafIndex");
                List<HistoricTransaction> items = WireCodecs.readItems(in);
                var hashes = WireCodecs.readHashes(in, items.size());
                return new JobActor.Stage(clusterId, block, number, firstLeaf, items, hashes, ref(in));
            }
            case WireManifest.ACCEPTED:
                return new JobActor.Accepted(in.varint("clusterId"), Hash.read(in, "blockHash"), in.bool("queued"));
            case WireManifest.REGISTER:
                return new WorkerDesk.Register(ref(in), (int) in.varint("capacity", Integer.MAX_VALUE));
            default:
                if (WireManifest.isClusterEvent(manifest)) {
                    return ClusterEventCodec.read(in, manifest);
                }
                if (WireManifest.isWorkerCommand(manifest)) {
                    return WorkerCommandCodec.read(in, manifest, this);
                }
                throw new DecodeException("manifest", "unknown: " + manifest);
        }
    }

    void ref(Writer out, ActorRef<?> ref) {
        WireCodecs.STRING.write(out, resolver().toSerializationFormat(ref));
    }

    <T> ActorRef<T> ref(Reader in) throws DecodeException {
        return resolver().resolveActorRef(WireCodecs.STRING.read(in));
    }

    private ActorRefResolver resolver() {
        ActorRefResolver r = resolver;
        if (r == null) {
            r = ActorRefResolver.get(Adapter.toTyped(system));
            resolver = r;
        }
        return r;
    }
}
