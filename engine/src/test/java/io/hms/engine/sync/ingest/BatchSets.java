package io.hms.engine.sync.ingest;

import static io.hms.engine.sync.SyncFixtures.block;
import static io.hms.engine.sync.SyncFixtures.hash;
import static io.hms.engine.sync.SyncFixtures.txs;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.proof.SizeProof;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** BatchSetInfos for planner and splitter tests (policy TEST: epoch 1 = 201..328, epoch 2 = 329..456). */
final class BatchSets {
    static final Policy POLICY = Policy.TEST;
    static final int CHUNK = 1024;

    private BatchSets() {}

    /** A block whose history root is unique to its number. */
    static MacroBlock macro(long number) {
        return block(number, hash(number, 7));
    }

    /** Batch sets at {@code blocks} with cumulative sizes {@code sizes}, no links. */
    static BatchSetInfo info(long[] blocks, long[] sizes) {
        return info(POLICY, blocks, sizes, List.of());
    }

    /** Batch sets at {@code blocks} with cumulative sizes {@code sizes}; the election block if the last is one. */
    static BatchSetInfo info(Policy policy, long[] blocks, long[] sizes, List<MacroHeader> links) {
        List<BatchSet> sets = new ArrayList<>();
        for (int i = 0; i < blocks.length; i++) {
            sets.add(new BatchSet(macro(blocks[i]), new SizeProof.MultipleElements(sizes[i], hash(i, 1), hash(i, 2))));
        }
        long last = blocks[blocks.length - 1];
        Optional<MacroBlock> election = policy.isElectionBlockAt(last) ? Optional.of(macro(last)) : Optional.empty();
        return new BatchSetInfo(election, sets, links);
    }

    static BatchSetPlan.Planned planned(BatchSetPlan plan) {
        if (plan instanceof BatchSetPlan.Planned p) {
            return p;
        }
        throw new AssertionError("expected a plan, got " + plan);
    }

    static List<Long> chunkIndices(BatchSetPlan.Planned p) {
        return p.chunks().stream().map(ChunkRequest::chunkIndex).toList();
    }

    /** The honest items of a chunk: leaves [c·1024, min((c+1)·1024, S)), each tagged with its leaf number. */
    static List<HistoricTransaction> honest(ChunkRequest c) {
        return txs(c.blockNumber(), c.firstLeaf(), c.firstLeaf() + c.expectedItems());
    }
}
