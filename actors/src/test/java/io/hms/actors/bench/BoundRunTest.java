package io.hms.actors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.StatusReport;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundRunTest {
    @TempDir
    Path dir;

    @Test
    void shouldLeaveTheTargetEqualToTheSourceAndCountEveryTransactionWhenRunOverAChainWithACheckpoint()
            throws Exception {
        GeneratorOptions options = GeneratorOptions.defaults(5)
                .withShape(3, 2)
                .withTransactions(300, 0.0, false)
                .withSignTransfers(false);
        try (TestChain source = TestChains.create(dir.resolve("source"), options);
                TestChain target = TestChains.createEmpty(dir.resolve("target"), options)) {
            BoundRun.Result result = new BoundRun(source.chain(), target.chain()).run();

            assertThat(StatusReport.of(target.chain()).sameChainAs(StatusReport.of(source.chain())))
                    .isTrue();
            assertThat(result.transactions()).isEqualTo(source.chain().totalTransactions());
            assertThat(result.wireBytes()).isPositive();
        }
    }
}
