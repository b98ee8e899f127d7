package io.hms.engine.sync.ingest;

import static io.hms.engine.sync.SyncFixtures.txs;
import static io.hms.engine.sync.ingest.BatchSets.CHUNK;
import static io.hms.engine.sync.ingest.BatchSets.POLICY;
import static io.hms.engine.sync.ingest.BatchSets.info;
import static io.hms.engine.sync.ingest.BatchSets.planned;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SPEC §4.7 "Receiving a chunk" with the fixes of §7.2 items 16 (completeness) and 18 (release all). */
class BatchSetAssemblerTest {
  private final BatchSetPlanner planner = new BatchSetPlanner(POLICY, CHUNK);
  private final BatchSetAssembler assembler = new BatchSetAssembler();

  private List<PendingBatchSet> plan(long[] blocks, long[] sizes, long ourHead, long known) {
    return planned(planner.plan(info(blocks, sizes), ourHead, known)).pending();
  }

  /** The honest items of a chunk: leaves [c·1024, min((c+1)·1024, S)), here tagged with the block. */
  private static List<HistoricTransaction> honest(ChunkRequest c) {
    return txs(c.blockNumber(), c.firstLeaf(), c.firstLeaf() + c.expectedItems());
  }

  private ChunkAcceptance deliver(ChunkRequest c) {
    return assembler.onChunk(c.blockNumber(), c.chunkIndex(), honest(c));
  }

  private static List<CompleteBatchSet> released(ChunkAcceptance a) {
    assertThat(a).isInstanceOf(ChunkAcceptance.Accepted.class);
    return ((ChunkAcceptance.Accepted) a).released();
  }

  private static ChunkFault fault(ChunkAcceptance a) {
    assertThat(a).isInstanceOf(ChunkAcceptance.Rejected.class);
    return ((ChunkAcceptance.Rejected) a).fault();
  }

  @Test
  void shouldReleaseTheWorkedExampleInOrderWhenChunksArriveShuffled() {
    List<PendingBatchSet> pending = plan(new long[] {232, 296, 328}, new long[] {1500, 3000, 3100}, 200, 0);
    assertThat(assembler.enqueue(pending)).isEmpty();
    List<ChunkRequest> chunks = new ArrayList<>();
    pending.forEach(p -> chunks.addAll(p.chunks()));
    long seed = 1729;
    Collections.shuffle(chunks, new Random(seed));
    List<CompleteBatchSet> out = new ArrayList<>();
    for (ChunkRequest c : chunks) {
      out.addAll(released(deliver(c)));
    }
    assertThat(out).as("seed %d", seed).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1, 2);
    assertThat(out).extracting(CompleteBatchSet::firstLeafIndex).containsExactly(0L, 1024L, 2048L);
    assertThat(out).extracting(b -> b.items().size()).containsExactly(1500, 1976, 1052);
    assertThat(out.get(1).items()).isEqualTo(concat(txs(296, 1024, 2048), txs(296, 2048, 3000)));
    assertThat(out.get(2).block().blockNumber()).isEqualTo(328);
    assertThat(out).extracting(CompleteBatchSet::epoch).containsOnly(1L);
    assertThat(assembler.isEmpty()).isTrue();
    assertThat(assembler.bufferedItems()).isZero();
  }

  @Test
  void shouldHoldALaterBatchSetWhenAnEarlierOneIsIncomplete() {
    List<PendingBatchSet> pending = plan(new long[] {232, 296}, new long[] {1500, 3000}, 200, 0);
    assembler.enqueue(pending);
    for (ChunkRequest c : pending.get(1).chunks()) {
      assertThat(released(deliver(c))).isEmpty();
    }
    assertThat(released(deliver(pending.get(0).chunks().get(1)))).isEmpty();
    assertThat(released(deliver(pending.get(0).chunks().get(0))))
        .extracting(CompleteBatchSet::batchIndex)
        .containsExactly(0, 1);
  }

  @Test
  void shouldRejectAVerifiedPrefixWhenItHoldsFewerItemsThanTheChunk() {
    List<PendingBatchSet> pending = plan(new long[] {232}, new long[] {1500}, 200, 0);
    assembler.enqueue(pending);
    ChunkRequest c = pending.get(0).chunks().get(0);
    ChunkAcceptance a = assembler.onChunk(232, 0, txs(232, 0, 1000));
    assertThat(fault(a)).isEqualTo(ChunkFault.TOO_FEW_ITEMS);
    assertThat(ChunkFault.TOO_FEW_ITEMS.peerAtFault()).isTrue();
    assertThat(assembler.bufferedItems()).isZero();
    assertThat(released(deliver(c))).isEmpty();
  }

  @Test
  void shouldRejectAnEmptyChunkWhenItsProofIsTheBareRoot() {
    List<PendingBatchSet> pending = plan(new long[] {232}, new long[] {1500}, 200, 0);
    assembler.enqueue(pending);
    ChunkRequest c = pending.get(0).chunks().get(1);
    Proof bareRoot = new Proof(c.expectedMmrSize(), List.of(c.historyRoot()));
    HistoryTreeChunk chunk = new HistoryTreeChunk(new RangeProof(bareRoot, false), List.of());
    assertThat(c.checkShape(chunk)).contains(ChunkFault.TOO_FEW_ITEMS);
    assertThat(fault(assembler.onChunk(232, 1, chunk.history()))).isEqualTo(ChunkFault.TOO_FEW_ITEMS);
  }

  @Test
  void shouldRejectAChunkWhenItHoldsMoreItemsThanTheBatchSetAllows() {
    List<PendingBatchSet> pending = plan(new long[] {232}, new long[] {1500}, 200, 0);
    assembler.enqueue(pending);
    assertThat(fault(assembler.onChunk(232, 1, txs(232, 1024, 1501)))).isEqualTo(ChunkFault.TOO_MANY_ITEMS);
  }

  @Test
  void shouldRejectAProofWhenItIsForAnotherTreeSizeOrAssumesPrevious() {
    ChunkRequest c = plan(new long[] {232}, new long[] {1500}, 200, 0).get(0).chunks().get(1);
    List<HistoricTransaction> items = honest(c);
    HistoryTreeChunk otherSize = new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize() + 1, List.of()), false), items);
    HistoryTreeChunk assumes = new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize(), List.of()), true), items);
    HistoryTreeChunk right = new HistoryTreeChunk(new RangeProof(new Proof(c.expectedMmrSize(), List.of()), false), items);
    assertThat(c.checkShape(otherSize)).contains(ChunkFault.PROOF_SIZE_MISMATCH);
    assertThat(c.checkShape(assumes)).contains(ChunkFault.ASSUMES_PREVIOUS);
    assertThat(c.checkShape(right)).isEmpty();
  }

  @Test
  void shouldReleaseAnEmptyBatchSetBehindAnotherWhenTheOtherCompletes() {
    // SPEC §7.2 item 18: the second batch set adds no leaves beyond the first's aligned start
    List<PendingBatchSet> pending = plan(new long[] {232, 264}, new long[] {1024, 1024}, 200, 0);
    assertThat(pending.get(1).expectedItems()).isZero();
    assertThat(assembler.enqueue(pending)).isEmpty();
    List<CompleteBatchSet> out = released(deliver(pending.get(0).chunks().get(0)));
    assertThat(out).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1);
    assertThat(out.get(1).items()).isEmpty();
    assertThat(out.get(1).firstLeafIndex()).isEqualTo(1024);
    assertThat(assembler.isEmpty()).isTrue();
  }

  @Test
  void shouldReleaseEmptyBatchSetsAtOnceWhenNothingPrecedesThem() {
    List<PendingBatchSet> pending = plan(new long[] {232, 264, 296}, new long[] {0, 0, 700}, 200, 0);
    List<CompleteBatchSet> out = assembler.enqueue(pending);
    assertThat(out).extracting(CompleteBatchSet::batchIndex).containsExactly(0, 1);
    assertThat(assembler.pendingCount()).isEqualTo(1);
  }

  @Test
  void shouldRefuseChunksWhenNothingWaitsForThem() {
    List<PendingBatchSet> pending = plan(new long[] {232}, new long[] {1500}, 200, 0);
    assembler.enqueue(pending);
    assertThat(fault(assembler.onChunk(264, 0, txs(264, 0, 1024)))).isEqualTo(ChunkFault.NOT_PENDING);
    assertThat(fault(assembler.onChunk(232, 2, List.of()))).isEqualTo(ChunkFault.NOT_PENDING);
    assertThat(ChunkFault.NOT_PENDING.peerAtFault()).isFalse();
  }

  @Test
  void shouldRefuseAChunkWhenItArrivesTwice() {
    List<PendingBatchSet> pending = plan(new long[] {232}, new long[] {1500}, 200, 0);
    assembler.enqueue(pending);
    deliver(pending.get(0).chunks().get(1));
    assertThat(fault(deliver(pending.get(0).chunks().get(1)))).isEqualTo(ChunkFault.DUPLICATE);
    assertThat(assembler.bufferedItems()).isEqualTo(476);
  }

  @Test
  void shouldForgetBatchSetsWhenTheirEpochIsCutOff() {
    List<PendingBatchSet> epoch1 = plan(new long[] {328}, new long[] {3100}, 200, 0);
    List<PendingBatchSet> epoch2 = plan(new long[] {456}, new long[] {10}, 330, 0);
    assembler.enqueue(epoch1);
    assembler.enqueue(epoch2);
    deliver(epoch2.get(0).chunks().get(0));
    assertThat(assembler.dropFromEpoch(2)).isEqualTo(1);
    assertThat(assembler.bufferedItems()).isZero();
    assertThat(fault(deliver(epoch2.get(0).chunks().get(0)))).isEqualTo(ChunkFault.NOT_PENDING);
    assertThat(assembler.pendingCount()).isEqualTo(1);
  }

  private static List<HistoricTransaction> concat(List<HistoricTransaction> a, List<HistoricTransaction> b) {
    List<HistoricTransaction> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
