package io.hms.engine.reliability;

import static io.hms.engine.sync.SyncFixtures.block;
import static io.hms.engine.sync.SyncFixtures.hash;
import static io.hms.engine.sync.SyncFixtures.txs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.ingest.BatchSetPlan;
import io.hms.engine.sync.ingest.BatchSetPlanner;
import io.hms.engine.sync.ingest.BatchSetSplitter;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.PendingBatchSet;
import io.hms.engine.testing.StoreComparison;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.MmrPositions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's client defects in downloading history (SPEC §7.2 items 16, 17, 18, 28), each
 * rebuilt with real chains, real proofs from a serving store and the engine's sync classes
 * ({@link Download}); every test ends with our store equal to the source or provably untouched.
 * Retrying a chunk over several peers, a liar among them, is the actors' {@code PeerFetch}:
 * {@code ClusterActorTest} and {@code ClusterRequestsTest} in the actors module.
 */
class IngestDefectRegressionTest {
    private static final int CHUNK = Limits.CHUNK_SIZE;
    /** UNIT policy; about 600 leaves per batch, so batch sets span and straddle 1024-leaf chunks. */
    private static final GeneratorOptions LARGE = GeneratorOptions.defaults(1601)
            .withTransactions(600, 0, false)
            .withSignTransfers(false)
            .withTxData(0, 40);

    @TempDir
    Path dir;

    /** A chunk that is not what an honest server sends for the request, and the fault it must get. */
    private record Lie(String name, String fault, HistoryTreeChunk chunk) {}

    private TestChain source(GeneratorOptions opts) throws Exception {
        return TestChains.create(dir.resolve("source"), opts);
    }

    private TestChain ours(String name, TestChain source, int batchesApplied) throws Exception {
        TestChain c =
                TestChains.createEmpty(dir.resolve(name), source.generator().options());
        TestChains.push(c.chain(), source.batches().subList(0, batchesApplied));
        return c;
    }

    @Test
    void item16VerifiedPrefixEmptyChunkAndOverlongChunkAreRejectedWhereTheOriginalAcceptedThem() throws Exception {
        try (TestChain source = source(LARGE.withShape(1, 0));
                TestChain ours = ours("ours", source, 0)) {
            ChainView src = source.chain();
            Download d = Download.start(ours.chain(), src, src.electionHead().hash());
            ChunkRequest full = d.chunkRequests().stream()
                    .filter(r -> r.expectedItems() == CHUNK && r.totalLeaves() >= r.firstLeaf() + CHUNK + 50)
                    .findFirst()
                    .orElseThrow();
            long epoch = full.epoch();
            long size = full.totalLeaves();
            long first = full.firstLeaf();
            long earlierSize = d.pending().get(d.pending().size() - 2).totalLeaves();
            List<Lie> lies = List.of(
                    new Lie(
                            "a verified prefix",
                            "TOO_FEW_ITEMS",
                            new HistoryTreeChunk(
                                    src.proveRange(epoch, first, CHUNK - 24, size),
                                    src.history(epoch, first, CHUNK - 24))),
                    new Lie(
                            "an empty chunk proved by the bare root",
                            "TOO_FEW_ITEMS",
                            new HistoryTreeChunk(
                                    new RangeProof(
                                            new Proof(MmrPositions.sizeForLeaves(size), List.of(full.historyRoot())),
                                            false),
                                    List.of())),
                    new Lie(
                            "an overlong chunk",
                            "TOO_MANY_ITEMS",
                            new HistoryTreeChunk(
                                    src.proveRange(epoch, first, CHUNK + 50, size),
                                    src.history(epoch, first, CHUNK + 50))));

            for (Lie lie : lies) {
                HistoryTreeChunk c = lie.chunk();
                assertThat(HistoryProofVerifier.verifyRange(c.proof(), full.historyRoot(), first, c.history())
                                .isValid())
                        .as("the original's only check accepts %s", lie.name())
                        .isTrue();
                assertThat(HistoryProofVerifier.verifyChunk(
                                        c.proof(), full.historyRoot(), size, full.chunkIndex(), c.history())
                                .isValid())
                        .as("verifyChunk of %s", lie.name())
                        .isFalse();
                assertThat(d.offer(full, c).fault()).as(lie.name()).isEqualTo(lie.fault());
            }
            HistoryTreeChunk otherTree = new HistoryTreeChunk(
                    src.proveRange(epoch, first, Math.min(CHUNK, earlierSize), earlierSize),
                    src.history(epoch, first, (int) Math.min(CHUNK, earlierSize)));
            assertThat(d.offer(full, otherTree).fault())
                    .as("a proof against an earlier block")
                    .isEqualTo("PROOF_SIZE_MISMATCH");
            assertThat(d.pushes()).as("nothing applied from a lie").isEmpty();
            assertThat(ours.chain().headBlockNumber()).isZero();

            d.fetchAll(src);

            assertThat(d.pushes()).allMatch(PushResult::isExtended).hasSize(4);
            assertThat(d.complete()).isTrue();
            assertThat(d.leavesReceived()).as("each leaf fetched once").isEqualTo(src.historyLength(epoch));
            StoreComparison.assertSameChain(ours.chain(), src);
        }
    }

    @Test
    void item16SplitterCountsItemsItselfWhenAChunkSkippedTheVerifier() {
        BatchSetSplitter splitter = new BatchSetSplitter(Long.MAX_VALUE);
        ChunkRequest only = new ChunkRequest(1, 232, 0, hash(232, 7), 1500, CHUNK);
        ChunkRequest last = new ChunkRequest(1, 232, 1, hash(232, 7), 1500, CHUNK);
        splitter.enqueue(List.of(new PendingBatchSet(block(232, hash(232, 7)), 0, 1, 0, 1500, Optional.empty())));

        assertThat(splitter.onChunk(only, txs(232, 0, 1000))).isInstanceOf(ChunkAcceptance.Rejected.class);
        assertThat(splitter.onChunk(only, List.of())).isInstanceOf(ChunkAcceptance.Rejected.class);
        assertThat(splitter.onChunk(last, txs(232, 1024, 1600))).isInstanceOf(ChunkAcceptance.Rejected.class);
        assertThat(splitter.bufferedItems()).isZero();
    }

    @Test
    void item17HeadInTheFirstBatchOfANewEpochCountsNoKnownLeaves() throws Exception {
        try (TestChain source = source(LARGE.withShape(2, 0));
                TestChain ours = ours("ours", source, 4);
                TestChain original = ours("original", source, 4)) {
            Policy policy = LARGE.policy();
            MacroBlock election1 = ours.chain().electionHead();
            long leavesOfEpoch1 = ours.chain().historyLength(1);
            MacroBlock election2 = Served.election(source, 2);

            assertThat(leavesOfEpoch1).isGreaterThan(2 * CHUNK);
            assertThat(BatchSetPlanner.knownInEpoch(policy, 2, election1.blockNumber(), leavesOfEpoch1))
                    .isZero();

            Download d = Download.start(ours.chain(), source.chain(), election2.hash())
                    .fetchAll(source.chain());

            assertThat(d.pending())
                    .hasSize(4)
                    .first()
                    .extracting(PendingBatchSet::firstLeaf)
                    .isEqualTo(0L);
            assertThat(d.pushes()).hasSize(4).allMatch(PushResult::isExtended);
            StoreComparison.assertSameChain(ours.chain(), source.chain());

            // the original's count (epoch 1's leaves, compared with epoch 2's sizes) starts a batch set
            // past the leaves we hold: the store refuses it instead of leaving a hole
            BatchSetInfo info = Download.verifiedInfo(original.chain(), source.chain(), election2.hash());
            Download wrong = Download.start(original.chain(), source.chain(), info, leavesOfEpoch1)
                    .fetchAll(source.chain());
            assertThat(wrong.pushes())
                    .anyMatch(r -> r instanceof PushResult.Rejected rej && rej.error() == PushError.HISTORY_GAP);
            assertThat(original.chain().headBlockNumber()).isLessThan(election2.blockNumber());
        }
    }

    @Test
    void item18BatchSetExpectingNoItemsBehindAnotherIsReleasedWithIt() {
        Policy policy = Policy.TEST;
        MacroBlock a = block(232, hash(232, 7));
        MacroBlock b = block(264, hash(264, 7));
        BatchSetInfo info = new BatchSetInfo(
                Optional.empty(),
                List.of(
                        new BatchSet(a, new SizeProof.MultipleElements(CHUNK, hash(1, 1), hash(1, 2))),
                        new BatchSet(b, new SizeProof.MultipleElements(CHUNK, hash(2, 1), hash(2, 2)))));
        BatchSetPlan.Planned plan = (BatchSetPlan.Planned) new BatchSetPlanner(policy, CHUNK).plan(info, 200, 0);
        assertThat(plan.pending()).extracting(PendingBatchSet::expectedItems).containsExactly((long) CHUNK, 0L);
        BatchSetSplitter splitter = new BatchSetSplitter(Long.MAX_VALUE);

        assertThat(splitter.enqueue(plan.pending())).isEmpty();
        ChunkAcceptance taken = splitter.onChunk(plan.chunks().get(0), txs(264, 0, CHUNK));

        assertThat(((ChunkAcceptance.Accepted) taken).released())
                .extracting(CompleteBatchSet::block)
                .containsExactly(a, b);
        assertThat(splitter.isEmpty()).isTrue();
    }

    @Test
    void item18EpochWithoutHistoryIsReleasedAndAppliedWithoutAnyChunk() throws Exception {
        try (TestChain source =
                        source(GeneratorOptions.defaults(1801).withShape(1, 0).withTransactions(0, 1, true));
                TestChain ours = ours("ours", source, 0)) {
            Download d = Download.start(
                    ours.chain(), source.chain(), source.chain().electionHead().hash());

            assertThat(d.chunkRequests()).isEmpty();
            assertThat(d.pushes()).hasSize(4).allMatch(PushResult::isExtended);
            assertThat(d.complete()).isTrue();
            StoreComparison.assertSameChain(ours.chain(), source.chain());
        }
    }

    @Test
    void item28CheckpointsWeAlreadyAppliedAreVerifiedAgainButNeitherDownloadedNorPushed() throws Exception {
        try (TestChain source = source(LARGE.withShape(2, 0));
                TestChain ours = ours("ours", source, 6)) {
            long ourHead = ours.chain().headBlockNumber();
            long known = ours.chain().historyLengthAt(ourHead).orElseThrow();

            Download d = Download.start(
                    ours.chain(), source.chain(), Served.election(source, 2).hash());

            BatchSetPlan.Planned plan = (BatchSetPlan.Planned) d.plan();
            assertThat(plan.skipped()).isEqualTo(2);
            assertThat(plan.pending()).allMatch(p -> p.blockNumber() > ourHead);
            assertThat(plan.pending().get(0).firstLeaf()).isEqualTo(known);
            assertThat(plan.chunks().get(0).firstLeaf()).isEqualTo(known / CHUNK * CHUNK);
            d.fetchAll(source.chain());
            assertThat(d.pushes()).hasSize(2).allMatch(PushResult::isExtended);
            StoreComparison.assertSameChain(ours.chain(), source.chain());
        }
    }
}
