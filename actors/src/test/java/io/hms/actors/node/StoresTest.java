package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
    private static final GeneratorOptions CHAIN = GeneratorOptions.defaults(9)
            .withShape(3, 1)
            .withTransactions(40, 0.0, false)
            .withSignTransfers(false);

    @TempDir
    Path tmp;

    @Test
    void shouldOpenACopyAsTheSameChainWhenTheStoreWasClosed() throws Exception {
        DataDirectory source = new DataDirectory(tmp.resolve("s"));
        ChainWriter.write(source, CHAIN, Clock.systemUTC(), line -> {});
        DataDirectory copy = new DataDirectory(tmp.resolve("c"));

        Stores.copyClosedStore(source.store(), copy.store());

        try (RocksDbBlockchain a = Stores.openAsIs(source, false);
                RocksDbBlockchain b = Stores.openAsIs(copy, false)) {
            assertThat(StatusReport.of(b).sameChainAs(StatusReport.of(a))).isTrue();
        }
    }

    @Test
    void shouldOpenAPrunedStorePrunedWhenOpenedAsIs() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("p"));
        try (RocksDbBlockchain pruned = dir.openOrCreate(new ChainGenerator(CHAIN).spec(), StoreOptions.PRUNED)) {
            ChainWriter.write(new ChainGenerator(CHAIN), java.util.List.of(pruned), Clock.systemUTC(), line -> {});
        }

        try (RocksDbBlockchain reopened = Stores.openAsIs(dir, false)) {
            assertThat(reopened.pruned()).isTrue();
            assertThat(reopened.headBlockNumber()).isEqualTo(CHAIN.policy().macroBlockOf(CHAIN.totalBatches()));
        }
    }
}
