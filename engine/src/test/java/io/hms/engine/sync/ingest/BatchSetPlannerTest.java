package io.hms.engine.sync.ingest;

import static io.hms.engine.sync.ingest.BatchSets.CHUNK;
import static io.hms.engine.sync.ingest.BatchSets.POLICY;
import static io.hms.engine.sync.ingest.BatchSets.chunkIndices;
import static io.hms.engine.sync.ingest.BatchSets.info;
import static io.hms.engine.sync.ingest.BatchSets.macro;
import static io.hms.engine.sync.ingest.BatchSets.planned;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.7 onEpochReceived as changed by §0 "Scale" (every leaf fetched once per epoch, proved
 * against the final block), and the fixes of §7.2 items 17 and 18.
 */
class BatchSetPlannerTest {
    /** The worked example: sizes [1500, 3000, 3100] at the checkpoints 232, 296 and the election block 328. */
    private static final BatchSetInfo EXAMPLE = info(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100});

    private final BatchSetPlanner planner = new BatchSetPlanner(POLICY, CHUNK);

    @Test
    void shouldRequestEachChunkOnceAgainstTheFinalBlockWhenAnEpochHasManySmallBatchSets() {
        // 40 batch sets of 30 leaves at mainnet's macro blocks 60, 120, …, 2400
        long[] blocks = LongStream.rangeClosed(1, 40).map(i -> 60 * i).toArray();
        long[] sizes = LongStream.rangeClosed(1, 40).map(i -> 30 * i).toArray();
        BatchSetInfo info = info(Policy.MAINNET, blocks, sizes, List.of());

        BatchSetPlan.Planned p = planned(new BatchSetPlanner(Policy.MAINNET, CHUNK).plan(info, 0, 0));

        assertThat(chunkIndices(p)).containsExactly(0L, 1L);
        assertThat(p.chunks()).allSatisfy(c -> {
            assertThat(c.blockNumber()).isEqualTo(2400);
            assertThat(c.historyRoot()).isEqualTo(macro(2400).header().historyRoot());
            assertThat(c.totalLeaves()).isEqualTo(1200);
        });
        assertThat(p.pending()).hasSize(40);
        assertThat(p.pending())
                .extracting(PendingBatchSet::firstLeaf)
                .containsExactlyElementsOf(
                        LongStream.range(0, 40).map(i -> 30 * i).boxed().toList());
        assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsOnly(30L);
    }

    @Test
    void shouldShareTheWorkedExamplesLeavesOutWhenNothingIsKnown() {
        BatchSetPlan.Planned p = planned(planner.plan(EXAMPLE, 200, 0));
        assertThat(p.skipped()).isZero();
        assertThat(p.pending()).extracting(PendingBatchSet::firstLeaf).containsExactly(0L, 1500L, 3000L);
        assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(1500L, 1500L, 100L);
        assertThat(p.pending()).extracting(PendingBatchSet::batchIndex).containsExactly(0, 1, 2);
        assertThat(chunkIndices(p)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(p.chunks()).extracting(ChunkRequest::expectedItems).containsExactly(1024, 1024, 1024, 28);
    }

    @Test
    void shouldStartAtTheKnownLeafWhenTheEpochIsPartlyKnown() {
        // 2000 known leaves means our macro head is 264, between the first and second batch set
        BatchSetPlan.Planned p = planned(planner.plan(EXAMPLE, 264, 2000));
        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.pending()).extracting(PendingBatchSet::firstLeaf).containsExactly(2000L, 3000L);
        assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(1000L, 100L);
        assertThat(chunkIndices(p)).containsExactly(1L, 2L, 3L);

        BatchSetPlan.Planned later = planned(planner.plan(EXAMPLE, 264, 2100));
        assertThat(later.pending()).extracting(PendingBatchSet::firstLeaf).containsExactly(2100L, 3000L);
        assertThat(chunkIndices(later)).containsExactly(2L, 3L);
    }

    @Test
    void shouldDescribeEachChunkRequestWithEpochFinalBlockRootAndSize() {
        ChunkRequest c = planned(planner.plan(EXAMPLE, 200, 0)).chunks().get(2);
        assertThat(c.epoch()).isEqualTo(1);
        assertThat(c.blockNumber()).isEqualTo(328);
        assertThat(c.chunkIndex()).isEqualTo(2);
        assertThat(c.historyRoot()).isEqualTo(macro(328).header().historyRoot());
        assertThat(c.totalLeaves()).isEqualTo(3100);
        assertThat(c.firstLeaf()).isEqualTo(2048);
        assertThat(c.expectedMmrSize()).isEqualTo(2 * 3100 - Long.bitCount(3100));
        assertThat(c.toRequest()).isEqualTo(new RequestHistoryChunk(1, 328, 2));
    }

    @Test
    void shouldGiveEveryBatchSetButTheFinalOneAChainProofToTheJustifiedFinalBlockWhenLinksFillTheGaps() {
        // batch sets at 232 and 328, links at 264 and 296 (a server that did not list them as batch sets)
        List<MacroHeader> links = List.of(macro(264).header(), macro(296).header());
        BatchSetInfo info = info(POLICY, new long[] {232, 328}, new long[] {1500, 3100}, links);

        BatchSetPlan.Planned p = planned(planner.plan(info, 200, 0));

        assertThat(p.pending().get(1).chainProof()).isEmpty();
        ChainProof proof = p.pending().get(0).chainProof().orElseThrow();
        assertThat(proof.anchor()).isEqualTo(info.finalMacroBlock().orElseThrow());
        assertThat(proof.links()).extracting(MacroHeader::blockNumber).containsExactly(264L, 296L);

        BatchSetPlan.Planned all = planned(planner.plan(EXAMPLE, 200, 0));
        assertThat(all.pending())
                .extracting(b -> b.chainProof()
                        .map(c ->
                                c.links().stream().map(MacroHeader::blockNumber).toList()))
                .containsExactly(Optional.of(List.of(296L)), Optional.of(List.of()), Optional.empty());
    }

    @Test
    void shouldHandEachBatchSetTheHeadersAboveItWhenAnEpochHasMainnetsMacroBlockCount() {
        Policy p = Policy.MAINNET;
        long[] blocks = LongStream.rangeClosed(1, 720).map(i -> 60 * i).toArray();
        long[] sizes = LongStream.rangeClosed(1, 720).map(i -> 5 * i).toArray();

        List<PendingBatchSet> pending = planned(
                        new BatchSetPlanner(p, CHUNK).plan(info(p, blocks, sizes, List.of()), 0, 0))
                .pending();

        for (PendingBatchSet b : pending.subList(0, 719)) {
            List<MacroHeader> links = b.chainProof().orElseThrow().links();
            assertThat(links).hasSize(718 - b.batchIndex());
            if (!links.isEmpty()) {
                assertThat(links.get(0).blockNumber()).isEqualTo(b.blockNumber() + 60);
                assertThat(links.get(links.size() - 1).blockNumber()).isEqualTo(43_140);
            }
        }
    }

    @Test
    void shouldCountNoKnownLeavesWhenOurHeadIsInTheFirstBatchOfANewEpoch() {
        // SPEC §7.2 item 17: head 340 (first batch of epoch 2), last macro block 328 closes epoch 1 with 3100 leaves
        long known = BatchSetPlanner.knownInEpoch(POLICY, 2, 328, 3100);
        assertThat(known).isZero();
        BatchSetInfo epoch2 = info(new long[] {360, 456}, new long[] {500, 1200});
        BatchSetPlan.Planned p = planned(planner.plan(epoch2, 340, known));
        assertThat(p.skipped()).isZero();
        assertThat(p.pending()).extracting(PendingBatchSet::firstLeaf).containsExactly(0L, 500L);
        assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(500L, 700L);
        assertThat(p.pending()).extracting(PendingBatchSet::epoch).containsExactly(2L, 2L);
        assertThat(chunkIndices(p)).containsExactly(0L, 1L);
    }

    @Test
    void shouldCountTheMacroHeadsLeavesWhenItIsInTheSameEpoch() {
        assertThat(BatchSetPlanner.knownInEpoch(POLICY, 2, 360, 500)).isEqualTo(500);
        assertThat(BatchSetPlanner.knownInEpoch(POLICY, 1, 200, 0)).isZero();
    }

    @Test
    void shouldReportOutdatedWhenTheFinalBlockIsNotAboveOurHead() {
        assertThat(planner.plan(EXAMPLE, 328, 3100)).isEqualTo(new BatchSetPlan.Outdated(328, 328));
        assertThat(planner.plan(EXAMPLE, 330, 0)).isEqualTo(new BatchSetPlan.Outdated(328, 330));
    }

    @Test
    void shouldStillPushTheFinalBlockWithoutAnyChunkWhenItAddsNoLeavesToWhatWeKnow() {
        // our head is 296 with 3000 leaves, the election block adds none: the original skipped it (known ≥ S) and never
        // pushed it
        BatchSetInfo info = info(new long[] {232, 296, 328}, new long[] {1500, 3000, 3000});
        BatchSetPlan.Planned p = planned(planner.plan(info, 296, 3000));
        assertThat(p.skipped()).isEqualTo(2);
        assertThat(p.pending()).hasSize(1);
        PendingBatchSet last = p.pending().get(0);
        assertThat(last.blockNumber()).isEqualTo(328);
        assertThat(last.firstLeaf()).isEqualTo(3000);
        assertThat(last.expectedItems()).isZero();
        assertThat(p.chunks()).isEmpty();
    }

    @Test
    void shouldPlanEmptyBatchSetsWithoutLeavesWhenTheyAddNone() {
        BatchSetPlan.Planned first =
                planned(planner.plan(info(new long[] {232, 264, 296}, new long[] {0, 0, 700}), 200, 0));
        assertThat(first.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(0L, 0L, 700L);
        assertThat(chunkIndices(first)).containsExactly(0L);

        BatchSetPlan.Planned middle =
                planned(planner.plan(info(new long[] {232, 264, 296}, new long[] {1500, 1500, 2100}), 200, 0));
        assertThat(middle.pending()).extracting(PendingBatchSet::firstLeaf).containsExactly(0L, 1500L, 1500L);
        assertThat(middle.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(1500L, 0L, 600L);
        assertThat(chunkIndices(middle)).containsExactly(0L, 1L, 2L);

        BatchSetPlan.Planned none = planned(planner.plan(info(new long[] {232, 264}, new long[] {0, 0}), 200, 0));
        assertThat(none.pending()).hasSize(2);
        assertThat(none.chunks()).isEmpty();
    }

    @Test
    void shouldRefuseWhenTheInfoHasNoBatchSets() {
        assertThat(planner.plan(new BatchSetInfo(Optional.empty(), List.of()), 200, 0))
                .isInstanceOf(BatchSetPlan.Unusable.class);
        assertThat(planner.plan(new BatchSetInfo(Optional.of(macro(328)), List.of()), 200, 0))
                .isInstanceOf(BatchSetPlan.Unusable.class);
    }

    @Test
    void shouldRefuseWhenSizesShrink() {
        assertThat(planner.plan(info(new long[] {232, 264}, new long[] {900, 800}), 200, 0))
                .isInstanceOf(BatchSetPlan.Unusable.class);
    }
}
