package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.PublicKey;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import org.junit.jupiter.api.Test;

class HistoryRootAccumulatorTest {

    @Test
    void shouldMatchTheVerifiersHistoryTreeWhenLeavesAreAppendedOneByOne() {
        HistoryRootAccumulator acc = new HistoryRootAccumulator();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        assertThat(acc.root()).isEqualTo(tree.root()).isEqualTo(HistoryTree.emptyRoot());
        for (int i = 0; i < 300; i++) {
            HistoricTransaction tx = new HistoricTransaction(i + 1, 1000L * i, new Jail(PublicKey.of(new byte[32]), i));
            acc.append(tx);
            tree.append(tx);
            assertThat(acc.root()).as("%d leaves", i + 1).isEqualTo(tree.root());
            assertThat(acc.size()).isEqualTo(tree.numLeaves());
        }
    }

    @Test
    void shouldMatchTheVerifiersHistoryTreeWhenItemsAreGeneratedTransactions() {
        HistoryRootAccumulator acc = new HistoryRootAccumulator();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        GeneratorOptions opts = GeneratorOptions.defaults(3)
                .withShape(0, 3)
                .withTransactions(100, 0, false)
                .withTxData(0, 1000)
                .withSignTransfers(false);
        for (GeneratedBatch batch : new ChainGenerator(opts).generateAll()) {
            for (HistoricTransaction tx : batch.items()) {
                acc.append(tx);
                tree.append(tx);
                assertThat(acc.root()).as("%d leaves, last %s", acc.size(), tx).isEqualTo(tree.root());
            }
        }
    }
}
