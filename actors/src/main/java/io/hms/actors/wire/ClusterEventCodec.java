package io.hms.actors.wire;

import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.verifier.Fault;

/** A cluster's events on the link from a worker to the coordinator; faults as their enum's name. */
final class ClusterEventCodec {
    private ClusterEventCodec() {}

    static void write(Writer out, ClusterEvent e) {
        out.varint(e.clusterId());
        if (e instanceof ClusterEvent.Progress p) {
            writeProgress(out, p.event());
        } else if (e instanceof ClusterEvent.PeerFaulted f) {
            WireCodecs.PEER.write(out, f.peer());
            writeFault(out, f.fault());
            WireCodecs.STRING.write(out, f.detail());
        } else if (e instanceof ClusterEvent.DownloadFinished d) {
            out.varint(d.outcome().ordinal());
            WireCodecs.STRING.write(out, d.reason());
            out.option(d.tip(), WireCodecs.VERIFY_STATE);
        }
    }

    static ClusterEvent read(Reader in, String manifest) throws DecodeException {
        long clusterId = in.varint("clusterId");
        switch (manifest) {
            case WireManifest.PROGRESS:
                return new ClusterEvent.Progress(clusterId, readProgress(in));
            case WireManifest.FAULTED:
                return new ClusterEvent.PeerFaulted(
                        clusterId, WireCodecs.PEER.read(in), readFault(in), WireCodecs.STRING.read(in));
            default:
                ClusterOutcome outcome =
                        ClusterOutcome.values()[(int) in.varint("outcome", ClusterOutcome.values().length - 1)];
                return new ClusterEvent.DownloadFinished(
                        clusterId, outcome, WireCodecs.STRING.read(in), in.option("tip", WireCodecs.VERIFY_STATE));
        }
    }

    /** The progress a ClusterActor reports: a verified info or a verified chunk. */
    private static void writeProgress(Writer out, SyncEvent event) {
        if (event instanceof SyncEvent.BatchSetVerified v) {
            out.u8(0).varint(v.clusterId());
            WireCodecs.PEER.write(out, v.peer());
            out.varint(v.epoch()).varint(v.blockNumber()).varint(v.batchSets());
            out.varint(v.historyLength()).varint(v.verifyNanos());
        } else if (event instanceof SyncEvent.ChunkReceived c) {
            out.u8(1).varint(c.clusterId());
            WireCodecs.PEER.write(out, c.peer());
            out.varint(c.epoch()).varint(c.blockNumber()).varint(c.chunkIndex());
            out.varint(c.items()).varint(c.verifyNanos());
        } else {
            throw new IllegalArgumentException("not cluster progress: " + event);
        }
    }

    private static SyncEvent readProgress(Reader in) throws DecodeException {
        int kind = in.u8("progress.kind");
        if (kind == 0) {
            return new SyncEvent.BatchSetVerified(
                    in.varint("clusterId"),
                    WireCodecs.PEER.read(in),
                    in.varint("epoch"),
                    in.varint("blockNumber"),
                    (int) in.varint("batchSets", Integer.MAX_VALUE),
                    in.varint("historyLength"),
                    in.varint("verifyNanos"));
        }
        if (kind == 1) {
            return new SyncEvent.ChunkReceived(
                    in.varint("clusterId"),
                    WireCodecs.PEER.read(in),
                    in.varint("epoch"),
                    in.varint("blockNumber"),
                    in.varint("chunkIndex"),
                    (int) in.varint("items", Integer.MAX_VALUE),
                    in.varint("verifyNanos"));
        }
        throw new DecodeException("progress.kind", "unknown " + kind);
    }

    static void writeFault(Writer out, PeerFault fault) {
        if (fault instanceof PeerFault.Verification v) {
            out.u8(0);
            WireCodecs.STRING.write(out, v.fault().name());
        } else if (fault instanceof PeerFault.Chunk c) {
            out.u8(1);
            WireCodecs.STRING.write(out, c.fault().name());
        } else if (fault instanceof PeerFault.MacroChain m) {
            out.u8(2);
            WireCodecs.STRING.write(out, m.fault().name());
        } else {
            out.u8(3);
            WireCodecs.STRING.write(out, ((PeerFault.Breach) fault).reason());
        }
    }

    static PeerFault readFault(Reader in) throws DecodeException {
        int kind = in.u8("fault.kind");
        String name = WireCodecs.STRING.read(in);
        try {
            return switch (kind) {
                case 0 -> new PeerFault.Verification(Fault.valueOf(name));
                case 1 -> new PeerFault.Chunk(ChunkFault.valueOf(name));
                case 2 -> new PeerFault.MacroChain(MacroChainFault.valueOf(name));
                case 3 -> new PeerFault.Breach(name);
                default -> throw new DecodeException("fault.kind", "unknown " + kind);
            };
        } catch (IllegalArgumentException e) {
            throw new DecodeException("fault", "unknown " + name);
        }
    }
}
