package io.hms.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.actors.settings.HmsSettings;
import io.hms.actors.testing.Chains;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.Consequence;
import io.hms.verifier.mmr.LeafHashes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the chunk stage accepts: only the exact chunk an honest server sends (SPEC §7.2 item 16). */
class ChunkFetchStepTest {
    @TempDir
    static Path dir;

    static TestChain chain;
    static ChunkRequest request;
    static HistoryTreeChunk honest;

    @BeforeAll
    static void prepare() throws Exception {
        chain = TestChains.create(dir, Chains.unit(94, 1, 0, 5));
        MacroBlock block = chain.lastBatch().block();
        long size = chain.lastBatch().historyLength();
        request = new ChunkRequest(1, block.blockNumber(), 0, block.header().historyRoot(), size, 1024);
        RangeProof proof = chain.chain().proveRange(1, 0, size, size);
        honest = new HistoryTreeChunk(proof, chain.chain().history(1, 0, (int) size));
    }

    @AfterAll
    static void close() {
        chain.close();
    }

    @Test
    void shouldAcceptWhenChunkIsCompleteAndProven() {
        assertThat(ChunkFetchStep.judge(request, new HistoryChunk(honest))).isInstanceOf(PeerFetch.Ok.class);
    }

    @Test
    void shouldHandOnTheHashesOfTheItemsWhenChunkVerifies() {
        var verdict = ChunkFetchStep.judge(request, new HistoryChunk(honest));
        assertThat(verdict)
                .isInstanceOfSatisfying(
                        PeerFetch.Ok.class,
                        ok -> assertThat(((ChunkFetchStep.TimedChunk) ok.value()).hashes())
                                .isEqualTo(LeafHashes.of(honest.history())));
    }

    @Test
    void shouldCallItALieWhenChunkIsAProvenPrefix() {
        List<HistoricTransaction> prefix =
                honest.history().subList(0, honest.history().size() - 1);
        var verdict = ChunkFetchStep.judge(request, new HistoryChunk(new HistoryTreeChunk(honest.proof(), prefix)));
        assertThat(verdict)
                .isEqualTo(new PeerFetch.Wrong<>(
                        new PeerFault.Chunk(ChunkFault.TOO_FEW_ITEMS),
                        prefix.size() + " items, proof for "
                                + honest.proof().proof().mmrSize() + " nodes; expected "
                                + honest.history().size() + " items"));
    }

    @Test
    void shouldCallItALieWhenAnItemIsTampered() {
        List<HistoricTransaction> items = new ArrayList<>(honest.history());
        HistoricTransaction t = items.get(1);
        items.set(1, new HistoricTransaction(t.blockNumber(), t.blockTime() + 1, t.data()));
        var verdict = ChunkFetchStep.judge(request, new HistoryChunk(new HistoryTreeChunk(honest.proof(), items)));
        assertThat(verdict)
                .isInstanceOfSatisfying(
                        PeerFetch.Wrong.class,
                        w -> assertThat(w.fault().consequence()).isEqualTo(Consequence.BAN));
    }

    @Test
    void shouldAskElsewhereWithoutBlameWhenPeerAnswersWithError() {
        assertThat(ChunkFetchStep.judge(request, HistoryChunkError.COULDNT_PRODUCE_PROOF))
                .isInstanceOf(PeerFetch.Unusable.class);
    }

    @Test
    void shouldTreatAnAnswerOfAnotherFamilyAsADefectWhenItReachesTheJudge() {
        // the transport fails such an answer as MALFORMED_RESPONSE (PendingRequestsTest), so one that
        // reaches a judge is our bug, not a peer's lie: it throws instead of banning anyone
        assertThatThrownBy(() -> ChunkFetchStep.judge(request, BatchSetError.OTHER))
                .isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> BatchSetFetchStep.judge(null, HistoryChunkError.OTHER))
                .isInstanceOf(ClassCastException.class);
        assertThat(BatchSetFetchStep.judge(null, BatchSetError.TARGET_HASH_NOT_FOUND))
                .isInstanceOf(PeerFetch.Unusable.class);
    }

    @Test
    void shouldVerifyOnTheVerificationDispatcherWhenAChunkArrives() throws Exception {
        ActorTestKit kit = ActorTestKit.create("ChunkFetchStepTest");
        try {
            Executor dispatcher = kit.system()
                    .dispatchers()
                    .lookup(DispatcherSelector.fromConfig(HmsSettings.VERIFICATION_DISPATCHER));
            List<Runnable> held = new CopyOnWriteArrayList<>();
            List<String> ranOn = new CopyOnWriteArrayList<>();
            ChunkFetchStep step = new ChunkFetchStep(null, held::add, data -> {});

            CompletableFuture<PeerFetch.Verdict<ChunkFetchStep.TimedChunk>> verdict =
                    step.verify(request, new HistoryChunk(honest)).toCompletableFuture();

            assertThat(verdict).as("nothing is verified on the caller's thread").isNotDone();
            held.forEach(task -> dispatcher.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                task.run();
            }));
            assertThat(verdict.get(10, TimeUnit.SECONDS)).isInstanceOf(PeerFetch.Ok.class);
            assertThat(ranOn).singleElement().asString().startsWith("ChunkFetchStepTest-hms.verification-dispatcher-");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
