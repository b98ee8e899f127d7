package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §6.7 {@code sync_ingredients}: the three requests a syncing node sends, against N+1 macro blocks. */
class SyncIngredientsTest {

    @TempDir
    Path dir;

    @Test
    void shouldServeEverySyncIngredientWhenTheServerHoldsOneEpochAndACheckpoint() throws Exception {
        GeneratorOptions opts = GeneratorOptions.defaults(61)
                .withPolicy(Policy.TEST)
                .withShape(1, 1)
                .withTransactions(0, 0, false);
        RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
        try (TestChain server = TestChains.create(dir, opts)) {
            MacroBlock genesis = server.spec().genesis();
            GeneratedBatch election = server.batches().get(3);
            MacroBlock electionHead = election.block();
            MacroBlock macroHead = server.lastBatch().block();
            assertThat(macroHead.blockNumber()).isEqualTo(200 + 128 + 32);

            MacroChain chain =
                    (MacroChain) handlers.handle(new RequestMacroChain(List.of(genesis.hash()), 3), server.chain());
            assertThat(chain.epochs()).containsExactly(electionHead.hash());
            assertThat(chain.checkpoint()).contains(new Checkpoint(macroHead.blockNumber(), macroHead.hash()));

            BatchSetInfo info =
                    (BatchSetInfo) handlers.handle(new RequestBatchSet(electionHead.hash()), server.chain());
            assertThat(info.electionMacroBlock()).contains(electionHead);
            assertThat(info.totalHistoryLen())
                    .isEqualTo(election.historyLength())
                    .isPositive();
            BatchSetInfoVerifier.Outcome verified = new BatchSetInfoVerifier()
                    .verify(
                            info,
                            electionHead.hash(),
                            BatchSetVerifyState.afterElectionBlock(opts.networkId(), genesis),
                            opts.policy());
            assertThat(verified).isInstanceOf(BatchSetInfoVerifier.Accepted.class);

            HistoryChunk chunk = (HistoryChunk)
                    handlers.handle(new RequestHistoryChunk(1, electionHead.blockNumber(), 0), server.chain());
            List<?> expectedItems = server.batches().subList(0, 4).stream()
                    .flatMap(b -> b.items().stream())
                    .toList();
            assertThat(chunk.chunk().history()).isEqualTo(expectedItems);
            assertThat(HistoryProofVerifier.verifyChunk(
                                    chunk.chunk().proof(),
                                    electionHead.header().historyRoot(),
                                    info.totalHistoryLen(),
                                    0,
                                    chunk.chunk().history())
                            .isValid())
                    .isTrue();

            MacroChain again = (MacroChain)
                    handlers.handle(new RequestMacroChain(List.of(electionHead.hash()), 3), server.chain());
            assertThat(again.epochs()).isEmpty();
            assertThat(again.checkpoint())
                    .isEqualTo(Optional.of(new Checkpoint(macroHead.blockNumber(), macroHead.hash())));
        }
    }
}
