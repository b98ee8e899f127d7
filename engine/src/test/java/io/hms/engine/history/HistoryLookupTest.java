package io.hms.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.TxLocation;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inclusion proofs and block contents, on a store holding every macro block and on one that skipped checkpoints. */
class HistoryLookupTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(5).withShape(3, 2).withSignTransfers(false);

    @TempDir
    Path dir;

    @Test
    void shouldProveEveryTransactionAgainstTheBlockThatClosedItsBatch() throws Exception {
        try (TestChain test = TestChains.create(dir, CHAIN)) {
            HistoryLookup lookup = new HistoryLookup(test.chain());
            for (GeneratedBatch batch : test.batches()) {
                for (HistoricTransaction tx : batch.items()) {
                    InclusionProof proof = lookup.prove(tx.hash()).orElseThrow();
                    assertThat(proof.block()).isEqualTo(batch.block());
                    assertThat(proof.leafCount()).isEqualTo(batch.historyLength());
                    assertVerifies(proof, tx);
                    assertThat(lookup.transaction(tx.hash())).contains(new IndexedTransaction(proof.location(), tx));
                }
            }
            assertThat(lookup.prove(Hash.ZERO)).isEmpty();
            assertThat(lookup.transaction(Hash.ZERO)).isEmpty();
        }
    }

    @Test
    void shouldProveAgainstTheElectionBlockWhenCheckpointsWereSkipped() throws Exception {
        try (TestChain empty = TestChains.createEmpty(dir, CHAIN)) {
            Blockchain chain = empty.chain();
            Policy policy = empty.spec().policy();
            List<GeneratedBatch> batches = new io.hms.engine.generator.ChainGenerator(CHAIN).generateAll();
            List<HistoricTransaction> epoch = new ArrayList<>();
            for (GeneratedBatch batch : batches) {
                epoch.addAll(batch.items());
                if (policy.isElectionBlockAt(batch.block().blockNumber())) {
                    assertThat(chain.pushHistorySync(batch.block(), 0, epoch).isExtended())
                            .isTrue();
                    HistoryLookup lookup = new HistoryLookup(chain);
                    for (HistoricTransaction tx : epoch) {
                        InclusionProof proof = lookup.prove(tx.hash()).orElseThrow();
                        assertThat(proof.block()).isEqualTo(batch.block());
                        assertVerifies(proof, tx);
                    }
                    HistoricTransaction first = epoch.get(0);
                    assertThat(lookup.block(first.blockNumber(), 100)
                                    .orElseThrow()
                                    .transactions())
                            .extracting(IndexedTransaction::transaction)
                            .isEqualTo(epoch.stream()
                                    .filter(t -> t.blockNumber() == first.blockNumber())
                                    .toList());
                    epoch.clear();
                }
            }
        }
    }

    @Test
    void shouldListTheTransactionsRecordedAtEachBlockNumber() throws Exception {
        try (TestChain test = TestChains.create(dir, CHAIN)) {
            Policy policy = test.spec().policy();
            HistoryLookup lookup = new HistoryLookup(test.chain());
            List<IndexedTransaction> all = new ArrayList<>();
            for (GeneratedBatch batch : test.batches()) {
                long epoch = policy.epochAt(batch.block().blockNumber());
                for (int i = 0; i < batch.items().size(); i++) {
                    HistoricTransaction tx = batch.items().get(i);
                    all.add(new IndexedTransaction(
                            new TxLocation(epoch, batch.firstLeafIndex() + i, tx.blockNumber()), tx));
                }
            }
            long head = test.chain().headBlockNumber();
            for (long n = policy.genesisBlockNumber(); n <= head; n++) {
                long number = n;
                BlockRecord block = lookup.block(n, 1000).orElseThrow();
                assertThat(block.transactions())
                        .as("block %d", n)
                        .isEqualTo(all.stream()
                                .filter(t -> t.transaction().blockNumber() == number)
                                .toList());
                assertThat(block.macroBlock().isPresent()).isEqualTo(policy.isMacroBlockAt(n));
                assertThat(block.truncated()).isFalse();
            }
            assertThat(lookup.block(head + 1, 10)).isEmpty();
            BlockRecord busy = all.stream()
                    .map(t -> lookup.block(t.transaction().blockNumber(), 1).orElseThrow())
                    .filter(BlockRecord::truncated)
                    .findFirst()
                    .orElseThrow();
            assertThat(busy.transactions()).hasSize(1);
        }
    }

    private static void assertVerifies(InclusionProof proof, HistoricTransaction tx) {
        assertThat(HistoryProofVerifier.verifyRange(
                                proof.proof(),
                                proof.block().header().historyRoot(),
                                proof.location().leafIndex(),
                                List.of(tx))
                        .isValid())
                .isTrue();
    }
}
