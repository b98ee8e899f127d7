package io.hms.engine.sync.ingest;

import static io.hms.engine.sync.SyncFixtures.txs;
import static io.hms.engine.sync.ingest.BatchSets.CHUNK;
import static io.hms.engine.sync.ingest.BatchSets.POLICY;
import static io.hms.engine.sync.ingest.BatchSets.honest;
import static io.hms.engine.sync.ingest.BatchSets.info;
import static io.hms.engine.sync.ingest.BatchSets.planned;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.mmr.LeafHashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.7 "Receiving a chunk" as changed by §0 "Scale": chunks proved against the final block,
 * in request order, split across the batch sets by leaf index; with the fixes of §7.2 items 16
 * (completeness) and 18 (release everything complete).
 */
class BatchSetSplitterTest {
    private static final long HOLD_ALL = Long.MAX_VALUE;
    private final BatchSetPlanner planner = new BatchSetPlanner(POLICY, CHUNK);

    private BatchSetPlan.Planned plan(long[] blocks, long[] sizes, long ourHead, long known) {
        return planned(planner.plan(info(blocks, sizes), ourHead, known));
    }

    /** Enqueues the plan and feeds its chunks in order with honest items; returns every output in order. */
    private static List<SplitOutput> run(BatchSetSplitter splitter, BatchSetPlan.Planned p) {
        List<SplitOutput> out = new ArrayList<>(splitter.enqueue(p.pending()));
        for (ChunkRequest c : p.chunks()) {
            out.addAll(accepted(splitter.onChunk(c, honest(c))));
        }
        return out;
    }

    private static List<SplitOutput> accepted(ChunkAcceptance a) {
        assertThat(a).isInstanceOf(ChunkAcceptance.Accepted.class);
        return ((ChunkAcceptance.Accepted) a).outputs();
    }

    private static List<CompleteBatchSet> released(List<SplitOutput> outputs) {
        return outputs.stream()
                .filter(o -> o instanceof SplitOutput.Release)
                .map(o -> ((SplitOutput.Release) o).batchSet())
                .toList();
    }

    private static ChunkFault fault(ChunkAcceptance a) {
        assertThat(a).isInstanceOf(ChunkAcceptance.Rejected.class);
        return ((ChunkAcceptance.Rejected) a).fault();
    }

    @Test
    void shouldHandEachBatchSetTheHashesOfItsOwnLeavesWhenChunksCarryHashes() {
        BatchSetPlan.Planned p = plan(new long[] {232, 264, 296, 328}, new long[] {700, 3000, 3010, 5000}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(1500);
        List<SplitOutput> out = new ArrayList<>(splitter.enqueue(p.pending()));
        for (ChunkRequest c : p.chunks()) {
            List<HistoricTransaction> items = honest(c);
            out.addAll(accepted(splitter.onChunk(c, items, LeafHashes.of(items))));
        }

        List<Long> stagedLeaves = new ArrayList<>();
        for (SplitOutput o : out) {
            if (o instanceof SplitOutput.Stage stage) {
                assertThat(stage.hashes()).isEqualTo(LeafHashes.of(stage.items()));
                stagedLeaves.add((long) stage.items().size());
            } else {
                SplitOutput.Release r = (SplitOutput.Release) o;
                assertThat(r.batchSet().hashes())
                        .isEqualTo(LeafHashes.of(r.batchSet().items()));
                assertThat(r.batchSet().items().isEmpty()).isEqualTo(r.staged());
            }
        }
        assertThat(released(out)).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1, 2, 3);
        assertThat(stagedLeaves.stream().mapToLong(Long::longValue).sum()).isEqualTo(2300 + 1990);
    }

    @Test
    void shouldRefuseHashesThatDoNotMatchTheChunkItems() {
        BatchSetPlan.Planned p = plan(new long[] {328}, new long[] {1500}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        splitter.enqueue(p.pending());
        ChunkRequest c = p.chunks().get(0);
        List<HistoricTransaction> items = honest(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> splitter.onChunk(c, items, LeafHashes.of(items.subList(1, items.size()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeliverEachLeafOnceToItsBatchSetWhenChunksStraddleBatchSets() {
        BatchSetPlan.Planned p = plan(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);

        List<CompleteBatchSet> out = released(run(splitter, p));

        assertThat(out).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1, 2);
        assertThat(out).extracting(CompleteBatchSet::firstLeafIndex).containsExactly(0L, 1500L, 3000L);
        assertThat(out.get(0).items()).isEqualTo(txs(328, 0, 1500));
        assertThat(out.get(1).items()).isEqualTo(txs(328, 1500, 3000));
        assertThat(out.get(2).items()).isEqualTo(txs(328, 3000, 3100));
        assertThat(out)
                .extracting(CompleteBatchSet::chainProof)
                .extracting(Optional::isPresent)
                .containsExactly(true, true, false);
        assertThat(splitter.isEmpty()).isTrue();
        assertThat(splitter.bufferedItems()).isZero();
    }

    @Test
    void shouldReleaseEachBatchSetAsSoonAsItsLastLeafArrivesWhenManySmallOnesShareAChunk() {
        long[] blocks = LongStream.rangeClosed(1, 40).map(i -> 60 * i).toArray();
        long[] sizes = LongStream.rangeClosed(1, 40).map(i -> 30 * i).toArray();
        BatchSetPlan.Planned p = planned(
                new BatchSetPlanner(Policy.MAINNET, CHUNK).plan(info(Policy.MAINNET, blocks, sizes, List.of()), 0, 0));
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        splitter.enqueue(p.pending());

        List<CompleteBatchSet> first = released(
                accepted(splitter.onChunk(p.chunks().get(0), honest(p.chunks().get(0)))));
        // leaves 0..1023 complete the batch sets up to 1020 leaves; the 35th (1020..1049) waits
        assertThat(first)
                .extracting(CompleteBatchSet::batchIndex)
                .containsExactlyElementsOf(IntStream.range(0, 34).boxed().toList());
        assertThat(splitter.bufferedItems()).isEqualTo(4);
        List<CompleteBatchSet> second = released(
                accepted(splitter.onChunk(p.chunks().get(1), honest(p.chunks().get(1)))));
        assertThat(second).extracting(CompleteBatchSet::batchIndex).containsExactly(34, 35, 36, 37, 38, 39);
        assertThat(second.get(0).items()).isEqualTo(txs(2400, 1020, 1050));
    }

    @Test
    void shouldDropTheLeavesWeHoldWhenTheFirstChunkStartsBelowThem() {
        BatchSetPlan.Planned p = plan(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100}, 264, 2100);
        List<CompleteBatchSet> out = released(run(new BatchSetSplitter(HOLD_ALL), p));
        assertThat(out).extracting(CompleteBatchSet::firstLeafIndex).containsExactly(2100L, 3000L);
        assertThat(out.get(0).items()).isEqualTo(txs(328, 2100, 3000));
    }

    @Test
    void shouldStageLargeBatchSetsAtExactLeafOffsetsAndReleaseThemStagedInOrder() {
        BatchSetPlan.Planned p = plan(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100}, 200, 0);

        List<SplitOutput> out = run(new BatchSetSplitter(1000), p);

        List<String> shape = out.stream()
                .map(o -> o instanceof SplitOutput.Stage s
                        ? "stage " + s.batchSet().batchIndex() + "@" + s.firstLeaf() + "+"
                                + s.items().size()
                        : "release " + ((SplitOutput.Release) o).batchSet().batchIndex()
                                + (((SplitOutput.Release) o).staged()
                                        ? " staged"
                                        : " with "
                                                + ((SplitOutput.Release) o)
                                                        .batchSet()
                                                        .items()
                                                        .size()))
                .toList();
        assertThat(shape)
                .containsExactly(
                        "stage 0@0+1024",
                        "stage 0@1024+476",
                        "release 0 staged",
                        "stage 1@1500+548",
                        "stage 1@2048+952",
                        "release 1 staged",
                        "release 2 with 100");
        SplitOutput.Stage straddling = (SplitOutput.Stage) out.get(3);
        assertThat(straddling.items()).isEqualTo(txs(328, 1500, 2048));
        assertThat(((SplitOutput.Release) out.get(2)).batchSet().items()).isEmpty();
    }

    @Test
    void shouldReceiveEveryLeafExactlyOnceWhenAnEpochHasMainnetsShape() {
        // 720 batch sets of 0..120 leaves each (some empty), the final one an election block
        Policy mainnet = Policy.MAINNET;
        Random random = new Random(720);
        long[] blocks = LongStream.rangeClosed(1, 720).map(i -> 60 * i).toArray();
        long[] sizes = new long[720];
        for (int i = 0; i < 720; i++) {
            sizes[i] = (i == 0 ? 0 : sizes[i - 1]) + (random.nextInt(4) == 0 ? 0 : random.nextInt(121));
        }
        BatchSetPlan.Planned p =
                planned(new BatchSetPlanner(mainnet, CHUNK).plan(info(mainnet, blocks, sizes, List.of()), 0, 0));
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);

        List<CompleteBatchSet> out = new ArrayList<>(released(splitter.enqueue(p.pending())));
        long received = 0;
        long maxBuffered = 0;
        for (ChunkRequest c : p.chunks()) {
            List<HistoricTransaction> items = honest(c);
            received += items.size();
            out.addAll(released(accepted(splitter.onChunk(c, items))));
            maxBuffered = Math.max(maxBuffered, splitter.bufferedItems());
        }

        long total = sizes[719];
        long delivered = out.stream().mapToLong(b -> b.items().size()).sum();
        assertThat(received).as("leaves received").isEqualTo(total);
        assertThat(delivered).as("leaves delivered").isEqualTo(total);
        assertThat(out)
                .extracting(CompleteBatchSet::batchIndex)
                .containsExactlyElementsOf(IntStream.range(0, 720).boxed().toList());
        for (CompleteBatchSet b : out) {
            assertThat(b.items()).isEqualTo(txs(43_200, b.firstLeafIndex(), sizes[b.batchIndex()]));
        }
        assertThat(maxBuffered).as("only the front batch set is held").isLessThan(CHUNK + 121);
        assertThat(originalLeavesReceived(sizes))
                .as("the original, for comparison")
                .isGreaterThan(3 * total);
    }

    /** Leaves the original fetched: each batch set from the chunk-aligned end of the one before to its size. */
    private static long originalLeavesReceived(long[] sizes) {
        long sum = 0;
        long previous = 0;
        for (long size : sizes) {
            long start = previous / CHUNK * CHUNK;
            sum += size > start ? size - start : 0;
            previous = size;
        }
        return sum;
    }

    @Test
    void shouldRejectAVerifiedPrefixAnEmptyChunkOrAnOverlongOneWhenCountingItems() {
        BatchSetPlan.Planned p = plan(new long[] {232}, new long[] {1500}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        splitter.enqueue(p.pending());
        ChunkRequest c0 = p.chunks().get(0);
        ChunkRequest c1 = p.chunks().get(1);

        assertThat(fault(splitter.onChunk(c0, txs(232, 0, 1000)))).isEqualTo(ChunkFault.TOO_FEW_ITEMS);
        assertThat(fault(splitter.onChunk(c0, List.of()))).isEqualTo(ChunkFault.TOO_FEW_ITEMS);
        assertThat(fault(splitter.onChunk(c1, txs(232, 1024, 1501)))).isEqualTo(ChunkFault.TOO_MANY_ITEMS);
        assertThat(ChunkFault.TOO_FEW_ITEMS.peerAtFault()).isTrue();
        assertThat(splitter.bufferedItems()).isZero();
        assertThat(accepted(splitter.onChunk(c0, honest(c0)))).isEmpty();
    }

    @Test
    void shouldRejectAProofWhenItIsForAnotherTreeSizeOrAssumesPreviousOrIsTheBareRoot() {
        ChunkRequest c =
                plan(new long[] {232}, new long[] {1500}, 200, 0).chunks().get(1);
        List<HistoricTransaction> items = honest(c);
        HistoryTreeChunk otherSize =
                new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize() + 1, List.of()), false), items);
        HistoryTreeChunk assumes =
                new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize(), List.of()), true), items);
        HistoryTreeChunk right =
                new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize(), List.of()), false), items);
        HistoryTreeChunk bareRoot = new HistoryTreeChunk(
                new RangeProof(new Proof(c.expectedMmrSize(), List.of(c.historyRoot())), false), List.of());
        assertThat(c.checkShape(otherSize)).contains(ChunkFault.PROOF_SIZE_MISMATCH);
        assertThat(c.checkShape(assumes)).contains(ChunkFault.ASSUMES_PREVIOUS);
        assertThat(c.checkShape(bareRoot)).contains(ChunkFault.TOO_FEW_ITEMS);
        assertThat(c.checkShape(right)).isEmpty();
    }

    @Test
    void shouldReleaseAnEmptyBatchSetBehindAnotherWhenTheOtherCompletes() {
        // SPEC §7.2 item 18: the second batch set adds no leaves
        BatchSetPlan.Planned p = plan(new long[] {232, 264}, new long[] {1024, 1024}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        assertThat(splitter.enqueue(p.pending())).isEmpty();

        List<CompleteBatchSet> out = released(
                accepted(splitter.onChunk(p.chunks().get(0), honest(p.chunks().get(0)))));

        assertThat(out).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1);
        assertThat(out.get(1).items()).isEmpty();
        assertThat(out.get(1).firstLeafIndex()).isEqualTo(1024);
        assertThat(splitter.isEmpty()).isTrue();
    }

    @Test
    void shouldReleaseEmptyBatchSetsAtOnceWhenNothingPrecedesThem() {
        BatchSetPlan.Planned p = plan(new long[] {232, 264, 296}, new long[] {0, 0, 700}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(0);
        List<SplitOutput> out = splitter.enqueue(p.pending());
        assertThat(released(out)).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1);
        assertThat(out).allMatch(o -> o instanceof SplitOutput.Release r && !r.staged());
        assertThat(splitter.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAChunkWhenItIsRepeatedAheadOfItsTurnOrForNoPendingBatchSet() {
        BatchSetPlan.Planned p = plan(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100}, 200, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        splitter.enqueue(p.pending());
        ChunkRequest c0 = p.chunks().get(0);
        ChunkRequest c2 = p.chunks().get(2);

        assertThat(fault(splitter.onChunk(c2, honest(c2)))).isEqualTo(ChunkFault.OUT_OF_ORDER);
        accepted(splitter.onChunk(c0, honest(c0)));
        assertThat(fault(splitter.onChunk(c0, honest(c0)))).isEqualTo(ChunkFault.DUPLICATE);
        ChunkRequest otherEpoch = new ChunkRequest(2, 456, 0, c0.historyRoot(), 10, CHUNK);
        assertThat(fault(splitter.onChunk(otherEpoch, honest(otherEpoch)))).isEqualTo(ChunkFault.NOT_PENDING);
        assertThat(splitter.bufferedItems()).isEqualTo(1024);
        assertThat(ChunkFault.OUT_OF_ORDER.peerAtFault()).isFalse();
        assertThat(ChunkFault.DUPLICATE.peerAtFault()).isFalse();
    }

    @Test
    void shouldForgetBatchSetsWhenTheirEpochIsCutOff() {
        BatchSetPlan.Planned epoch1 = plan(new long[] {328}, new long[] {3100}, 200, 0);
        BatchSetPlan.Planned epoch2 = plan(new long[] {456}, new long[] {10}, 330, 0);
        BatchSetSplitter splitter = new BatchSetSplitter(HOLD_ALL);
        splitter.enqueue(epoch1.pending());
        splitter.enqueue(epoch2.pending());
        accepted(splitter.onChunk(epoch1.chunks().get(0), honest(epoch1.chunks().get(0))));

        assertThat(splitter.dropFromEpoch(2)).isEqualTo(1);
        assertThat(splitter.bufferedItems()).isEqualTo(1024);
        assertThat(splitter.dropFromEpoch(1)).isEqualTo(1);
        assertThat(splitter.bufferedItems()).isZero();
        ChunkRequest late = epoch2.chunks().get(0);
        assertThat(fault(splitter.onChunk(late, honest(late)))).isEqualTo(ChunkFault.NOT_PENDING);
    }
}
