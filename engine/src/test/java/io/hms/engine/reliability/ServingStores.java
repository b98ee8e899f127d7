package io.hms.engine.reliability;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two stores hostile requests are served from: a small generated chain (three epochs and two
 * checkpoints, a few hundred leaves per epoch, so chunk indexes 0..1 exist) and a store holding
 * only genesis. Opened once per test class; {@link #close()} deletes them.
 */
final class ServingStores implements AutoCloseable {
    static final GeneratorOptions OPTS = GeneratorOptions.defaults(4201)
            .withShape(3, 2)
            .withTransactions(300, 0, false)
            .withSignTransfers(false)
            .withTxData(0, 24);

    private final Path dir;
    private final TestChain full;
    private final TestChain empty;

    private ServingStores(Path dir, TestChain full, TestChain empty) {
        this.dir = dir;
        this.full = full;
        this.empty = empty;
    }

    static ServingStores open() throws IOException, StoreException {
        Path dir = Files.createTempDirectory("hms-serving-stores");
        TestChain full = TestChains.create(dir.resolve("full"), OPTS);
        return new ServingStores(dir, full, TestChains.createEmpty(dir.resolve("empty"), OPTS));
    }

    ChainView full() {
        return full.chain();
    }

    ChainView empty() {
        return empty.chain();
    }

    List<ChainView> both() {
        return List.of(full(), empty());
    }

    @Override
    public void close() {
        full.close();
        empty.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
