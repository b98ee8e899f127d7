package io.hms.actors.cluster;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.PendingBatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;

/**
 * What flows through a cluster's download stream, stage by stage: ids, fetched and verified batch
 * set infos, the batch sets and chunks planned from them, downloaded chunks and complete batch
 * sets. A {@link Stop} ends the stream with an outcome; every stage passes it on unchanged.
 */
sealed interface StreamItem {

    /** The epoch a stop or a late element belongs to, to tell whether a split has cut it off. */
    long epoch();

    /** Id {@code index} of the cluster, the election block (or checkpoint) of {@code epoch}. */
    record Id(int index, long epoch, Hash id) implements StreamItem {}

    /** A BatchSetInfo for {@code id}, not yet verified. */
    record Fetched(Id id, BatchSetInfo info, PeerId peer, PeerFetch.Tries tries) implements StreamItem {
        @Override
        public long epoch() {
            return id.epoch();
        }
    }

    /** A verified BatchSetInfo and the verification state after it. */
    /** {@code verifyNanos}: time spent verifying it, for the verification-time metric. */
    record Verified(Id id, BatchSetInfo info, PeerId peer, BatchSetVerifyState after, long verifyNanos)
            implements StreamItem {
        @Override
        public long epoch() {
            return id.epoch();
        }
    }

    /** A batch set to assemble; the chunks holding its leaves follow the info's last Start. */
    record Start(PendingBatchSet batchSet) implements StreamItem {
        @Override
        public long epoch() {
            return batchSet.epoch();
        }
    }

    /** A chunk to download, proved against the info's final block; its leaves may feed several batch sets. */
    record Chunk(ChunkRequest request) implements StreamItem {
        @Override
        public long epoch() {
            return request.epoch();
        }
    }

    /** A downloaded chunk that passed verification, with the hashes of its items computed for that. */
    record ChunkData(
            ChunkRequest request, List<HistoricTransaction> items, LeafHashes hashes, PeerId peer, long verifyNanos)
            implements StreamItem {
        @Override
        public long epoch() {
            return request.epoch();
        }
    }

    /** Verified items of a large batch set and their hashes, to be staged in the store (not kept in memory). */
    record Stage(PendingBatchSet batchSet, long firstLeaf, List<HistoricTransaction> items, LeafHashes hashes)
            implements StreamItem {
        @Override
        public long epoch() {
            return batchSet.epoch();
        }
    }

    /**
     * A batch set ready for the store: with all its items, or — if {@code staged} — with none, its
     * items having gone ahead as {@link Stage} items.
     */
    record Complete(CompleteBatchSet batchSet, boolean staged) implements StreamItem {
        @Override
        public long epoch() {
            return batchSet.epoch();
        }
    }

    /** The cluster ends here with {@code outcome}. */
    record Stop(long epoch, ClusterOutcome outcome, String reason) implements StreamItem {}

    static boolean notStop(StreamItem item) {
        return !(item instanceof Stop);
    }
}
