package io.hms.actors.wire;

import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.cluster.RangeStart;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.ingest.ChainProof;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.mmr.LeafHashes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Canonical binary codecs of the engine and actor values that cross nodes, built from the protocol's
 * own codecs (blocks, headers, validator sets, transactions, hashes) and its rules: varints, raw
 * 32-byte hashes, a varint length before every sequence, a declared maximum for each.
 */
final class WireCodecs {
    /** Longest string (peer id, reason, detail) in bytes. */
    static final int MAX_STRING = 4096;
    /** Most epoch ids of one cluster (a RequestMacroChain answers at most 65 535). */
    static final int MAX_IDS = 0xFFFF;
    /** Most peers of one cluster. */
    static final int MAX_PEERS = 4096;
    /** Most items of one element on the cluster link (a batch set or a staged slice). */
    static final int MAX_ITEMS = 1 << 20;
    /** Most headers of a chain proof (the macro blocks of one epoch). */
    static final int MAX_LINKS = 1 << 16;

    private WireCodecs() {}

    static final Codec<String> STRING = new Codec<>() {
        @Override
        public void write(Writer out, String value) {
            out.bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String read(Reader in) throws DecodeException {
            return new String(in.bytes("string", MAX_STRING), StandardCharsets.UTF_8);
        }
    };

    static final Codec<PeerId> PEER = new Codec<>() {
        @Override
        public void write(Writer out, PeerId value) {
            STRING.write(out, value.value());
        }

        @Override
        public PeerId read(Reader in) throws DecodeException {
            String s = STRING.read(in);
            if (s.isEmpty()) {
                throw new DecodeException("peerId", "empty");
            }
            return new PeerId(s);
        }
    };

    static final Codec<Policy> POLICY = new Codec<>() {
        @Override
        public void write(Writer out, Policy p) {
            out.varint(p.blocksPerBatch()).varint(p.batchesPerEpoch());
            out.varint(p.genesisBlockNumber()).varint(p.slots());
        }

        @Override
        public Policy read(Reader in) throws DecodeException {
            try {
                return new Policy(
                        (int) in.varint("blocksPerBatch", Integer.MAX_VALUE),
                        (int) in.varint("batchesPerEpoch", Integer.MAX_VALUE),
                        in.varint("genesisBlockNumber"),
                        (int) in.varint("slots", Integer.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                throw new DecodeException("policy", e.getMessage());
            }
        }
    };

    static final Codec<SyncCluster> CLUSTER = new Codec<>() {
        @Override
        public void write(Writer out, SyncCluster c) {
            out.varint(c.id()).varint(c.kind().ordinal());
            out.list(c.ids(), Hash.CODEC);
            out.varint(c.firstEpoch()).varint(c.firstBlockNumber());
            out.list(c.peers().asList(), PEER);
            out.varint(c.numFinished());
        }

        @Override
        public SyncCluster read(Reader in) throws DecodeException {
            long id = in.varint("cluster.id");
            ClusterKind kind = ClusterKind.values()[(int) in.varint("cluster.kind", ClusterKind.values().length - 1)];
            List<Hash> ids = in.list("cluster.ids", MAX_IDS, Hash.LENGTH, Hash.CODEC);
            long firstEpoch = in.varint("cluster.firstEpoch");
            long firstBlock = in.varint("cluster.firstBlockNumber");
            List<PeerId> peers = in.list("cluster.peers", MAX_PEERS, 2, PEER);
            int finished = (int) in.varint("cluster.numFinished", MAX_IDS);
            try {
                return new SyncCluster(id, kind, ids, firstEpoch, firstBlock, PeerList.of(peers), finished);
            } catch (IllegalArgumentException e) {
                throw new DecodeException("cluster", e.getMessage());
            }
        }
    };

    static final Codec<BatchSetVerifyState> VERIFY_STATE = new Codec<>() {
        @Override
        public void write(Writer out, BatchSetVerifyState s) {
            out.varint(s.network());
            MacroBlock.CODEC.write(out, s.predecessor());
            ValidatorSet.CODEC.write(out, s.validators());
        }

        @Override
        public BatchSetVerifyState read(Reader in) throws DecodeException {
            int network = (int) in.varint("verifyState.network", Integer.MAX_VALUE);
            return new BatchSetVerifyState(network, MacroBlock.CODEC.read(in), ValidatorSet.CODEC.read(in));
        }
    };

    static final Codec<ClusterStart> START = new Codec<>() {
        @Override
        public void write(Writer out, ClusterStart s) {
            VERIFY_STATE.write(out, s.verifyState());
            out.varint(s.headBlockNumber()).varint(s.macroHeadNumber()).varint(s.leavesAtMacroHead());
        }

        @Override
        public ClusterStart read(Reader in) throws DecodeException {
            return new ClusterStart(
                    VERIFY_STATE.read(in),
                    in.varint("start.head"),
                    in.varint("start.macroHead"),
                    in.varint("start.leaves"));
        }
    };

    /** A known start (tag 0) or an anchor to fetch first (tag 1: network, hash, block number). */
    static final Codec<RangeStart> RANGE_START = new Codec<>() {
        @Override
        public void write(Writer out, RangeStart s) {
            if (s instanceof RangeStart.Anchor a) {
                out.varint(1).varint(a.network()).raw(a.id().unsafeBytes()).varint(a.blockNumber());
            } else {
                START.write(out.varint(0), (ClusterStart) s);
            }
        }

        @Override
        public RangeStart read(Reader in) throws DecodeException {
            long tag = in.varint("start.tag", 1);
            return tag == 1
                    ? new RangeStart.Anchor(
                            (int) in.varint("start.network", Integer.MAX_VALUE),
                            Hash.read(in, "start.anchor"),
                            in.varint("start.anchorNumber"))
                    : START.read(in);
        }
    };

    static final Codec<ChainProof> CHAIN_PROOF = new Codec<>() {
        @Override
        public void write(Writer out, ChainProof p) {
            MacroBlock.CODEC.write(out, p.anchor());
            out.list(p.links(), MacroHeader.CODEC);
        }

        @Override
        public ChainProof read(Reader in) throws DecodeException {
            return new ChainProof(
                    MacroBlock.CODEC.read(in), in.list("chainProof.links", MAX_LINKS, 32, MacroHeader.CODEC));
        }
    };

    /** The leaf and transaction hashes of n items: 64·n raw bytes, n known from the items before them. */
    static void writeHashes(Writer out, LeafHashes hashes) {
        out.raw(hashes.toBytes());
    }

    static LeafHashes readHashes(Reader in, int items) throws DecodeException {
        return LeafHashes.fromBytes(in.raw(items * 2 * Hash.LENGTH, "leafHashes"));
    }

    static List<HistoricTransaction> readItems(Reader in) throws DecodeException {
        return in.list("items", MAX_ITEMS, 4, HistoricTransaction.CODEC);
    }

    static final Codec<CompleteBatchSet> BATCH_SET = new Codec<>() {
        @Override
        public void write(Writer out, CompleteBatchSet b) {
            MacroBlock.CODEC.write(out, b.block());
            out.varint(b.firstLeafIndex()).varint(b.batchIndex()).varint(b.epoch());
            out.option(b.chainProof(), CHAIN_PROOF);
            out.list(b.items(), HistoricTransaction.CODEC);
            writeHashes(out, b.hashes());
        }

        @Override
        public CompleteBatchSet read(Reader in) throws DecodeException {
            MacroBlock block = MacroBlock.CODEC.read(in);
            long firstLeaf = in.varint("batchSet.firstLeafIndex");
            int batchIndex = (int) in.varint("batchSet.batchIndex", Integer.MAX_VALUE);
            long epoch = in.varint("batchSet.epoch");
            var proof = in.option("batchSet.chainProof", CHAIN_PROOF);
            List<HistoricTransaction> items = readItems(in);
            return new CompleteBatchSet(
                    block, firstLeaf, items, batchIndex, epoch, proof, readHashes(in, items.size()));
        }
    };
}
