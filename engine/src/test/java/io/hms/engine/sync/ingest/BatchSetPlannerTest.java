package io.hms.engine.sync.ingest;

import static io.hms.engine.sync.ingest.BatchSets.CHUNK;
import static io.hms.engine.sync.ingest.BatchSets.POLICY;
import static io.hms.engine.sync.ingest.BatchSets.chunkIndices;
import static io.hms.engine.sync.ingest.BatchSets.info;
import static io.hms.engine.sync.ingest.BatchSets.macro;
import static io.hms.engine.sync.ingest.BatchSets.planned;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.RequestHistoryChunk;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §4.7 onEpochReceived, its worked example, and the epoch-boundary fix of §7.2 item 17. */
class BatchSetPlannerTest {
  /** The worked example: sizes [1500, 3000, 3100] at the checkpoints 232, 296 and the election block 328. */
  private static final BatchSetInfo EXAMPLE = info(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100});

  private final BatchSetPlanner planner = new BatchSetPlanner(POLICY, CHUNK);

  @Test
  void shouldPlanTheWorkedExampleWhenNothingIsKnown() {
    BatchSetPlan.Planned p = planned(planner.plan(EXAMPLE, 200, 0));
    assertThat(p.skipped()).isZero();
    assertThat(p.pending()).extracting(PendingBatchSet::startLeaf).containsExactly(0L, 1024L, 2048L);
    assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(1500L, 1976L, 1052L);
    assertThat(p.pending()).extracting(BatchSets::chunkIndices)
        .containsExactly(List.of(0L, 1L), List.of(1L, 2L), List.of(2L, 3L));
    assertThat(p.pending()).extracting(PendingBatchSet::batchIndex).containsExactly(0, 1, 2);
    assertThat(p.pending().get(1).chunks()).extracting(ChunkRequest::expectedItems).containsExactly(1024, 952);
    assertThat(p.pending().get(2).chunks()).extracting(ChunkRequest::expectedItems).containsExactly(1024, 28);
  }

  @Test
  void shouldSkipTheAppliedBatchSetWhenTwoThousandLeavesAreKnown() {
    // 2000 known leaves means our macro head is 264, between the first and second batch set
    BatchSetPlan.Planned p = planned(planner.plan(EXAMPLE, 264, 2000));
    assertThat(p.skipped()).isEqualTo(1);
    assertThat(p.pending()).extracting(PendingBatchSet::startLeaf).containsExactly(1024L, 2048L);
    assertThat(p.pending()).extracting(BatchSets::chunkIndices).containsExactly(List.of(1L, 2L), List.of(2L, 3L));
    assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(1976L, 1052L);
  }

  @Test
  void shouldStartAtTheKnownChunkWhenTwentyOneHundredLeavesAreKnown() {
    BatchSetPlan.Planned p = planned(planner.plan(EXAMPLE, 264, 2100));
    assertThat(p.pending()).extracting(PendingBatchSet::startLeaf).containsExactly(2048L, 2048L);
    assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(952L, 1052L);
    assertThat(p.pending()).extracting(BatchSets::chunkIndices).containsExactly(List.of(2L), List.of(2L, 3L));
  }

  @Test
  void shouldDescribeEachChunkRequestWithEpochBlockRootAndSize() {
    ChunkRequest c = planned(planner.plan(EXAMPLE, 200, 0)).pending().get(1).chunks().get(1);
    assertThat(c.epoch()).isEqualTo(1);
    assertThat(c.blockNumber()).isEqualTo(296);
    assertThat(c.chunkIndex()).isEqualTo(2);
    assertThat(c.historyRoot()).isEqualTo(macro(296).header().historyRoot());
    assertThat(c.totalLeaves()).isEqualTo(3000);
    assertThat(c.firstLeaf()).isEqualTo(2048);
    assertThat(c.expectedMmrSize()).isEqualTo(2 * 3000 - Long.bitCount(3000));
    assertThat(c.toRequest()).isEqualTo(new RequestHistoryChunk(1, 296, 2));
  }

  @Test
  void shouldCountNoKnownLeavesWhenOurHeadIsInTheFirstBatchOfANewEpoch() {
    // SPEC §7.2 item 17: head 340 (first batch of epoch 2), last macro block 328 closes epoch 1 with 3100 leaves
    long known = BatchSetPlanner.knownInEpoch(POLICY, 2, 328, 3100);
    assertThat(known).isZero();
    BatchSetInfo epoch2 = info(new long[] {360, 456}, new long[] {500, 1200});
    BatchSetPlan.Planned p = planned(planner.plan(epoch2, 340, known));
    assertThat(p.skipped()).isZero();
    assertThat(p.pending()).extracting(PendingBatchSet::startLeaf).containsExactly(0L, 0L);
    assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(500L, 1200L);
    assertThat(p.pending()).extracting(PendingBatchSet::epoch).containsExactly(2L, 2L);
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
  void shouldStillPushTheFinalBlockWhenItAddsNoLeavesToWhatWeKnow() {
    // our head is 296 with 3000 leaves, the election block adds none: the original skipped it (known ≥ S) and never pushed it
    BatchSetInfo info = info(new long[] {232, 296, 328}, new long[] {1500, 3000, 3000});
    BatchSetPlan.Planned p = planned(planner.plan(info, 296, 3000));
    assertThat(p.skipped()).isEqualTo(2);
    assertThat(p.pending()).hasSize(1);
    PendingBatchSet last = p.pending().get(0);
    assertThat(last.blockNumber()).isEqualTo(328);
    assertThat(last.startLeaf()).isEqualTo(2048);
    assertThat(chunkIndices(last)).containsExactly(2L);
  }

  @Test
  void shouldPlanEmptyBatchSetsWithoutChunksWhenTheEpochHasNoHistoryYet() {
    BatchSetPlan.Planned p = planned(planner.plan(info(new long[] {232, 264, 296}, new long[] {0, 0, 700}), 200, 0));
    assertThat(p.pending()).extracting(PendingBatchSet::expectedItems).containsExactly(0L, 0L, 700L);
    assertThat(p.pending()).extracting(BatchSets::chunkIndices).containsExactly(List.of(), List.of(), List.of(0L));
  }

  @Test
  void shouldRefuseWhenTheInfoHasNoBatchSets() {
    assertThat(planner.plan(new BatchSetInfo(Optional.empty(), List.of()), 200, 0)).isInstanceOf(BatchSetPlan.Unusable.class);
    assertThat(planner.plan(new BatchSetInfo(Optional.of(macro(328)), List.of()), 200, 0))
        .isInstanceOf(BatchSetPlan.Unusable.class);
  }

  @Test
  void shouldRefuseWhenSizesShrink() {
    assertThat(planner.plan(info(new long[] {232, 264}, new long[] {900, 800}), 200, 0))
        .isInstanceOf(BatchSetPlan.Unusable.class);
  }
}
