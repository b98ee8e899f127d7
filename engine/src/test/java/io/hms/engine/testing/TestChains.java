package io.hms.engine.testing;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.generator.WriteReport;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Generated chains in real RocksDB stores, in one call. Test stores skip the per-commit fsync
 * (a process crash still loses nothing; only a power loss could), which keeps tests fast.
 */
public final class TestChains {
    /** Archive store without fsync per commit. */
    public static final StoreOptions TEST_STORE = StoreOptions.ARCHIVE.withSyncWrites(false);

    private TestChains() {}

    /**
     * A store holding a generated chain, the generator and every batch it pushed. Closing it closes
     * the store.
     */
    public record TestChain(Blockchain chain, ChainGenerator generator, List<GeneratedBatch> batches)
            implements AutoCloseable {
        public TestChain {
            batches = List.copyOf(batches);
        }

        public ChainSpec spec() {
            return generator.spec();
        }

        /** The last generated batch; fails for a chain of genesis alone. */
        public GeneratedBatch lastBatch() {
            return batches.get(batches.size() - 1);
        }

        @Override
        public void close() {
            chain.close();
        }
    }

    /** Creates a store in {@code dir} and pushes the whole generated chain into it. */
    public static TestChain create(Path dir, GeneratorOptions options) throws StoreException {
        return create(dir, options, TEST_STORE);
    }

    public static TestChain create(Path dir, GeneratorOptions options, StoreOptions storeOptions)
            throws StoreException {
        ChainGenerator generator = new ChainGenerator(options);
        List<GeneratedBatch> batches = generator.generateAll();
        Blockchain chain = RocksDbBlockchain.create(dir, generator.spec(), storeOptions);
        try {
            push(chain, batches);
        } catch (AssertionError e) {
            chain.close();
            throw e;
        }
        return new TestChain(chain, generator, batches);
    }

    /**
     * Creates a store in {@code dir} holding the whole generated chain pushed as a node that follows
     * the chain pushes it (the two-argument push): a block becomes a batch-set boundary only when its
     * epoch's history since the last one exceeds {@link StoreOptions#historyChunksMaxSize()}.
     */
    public static TestChain createFollowed(Path dir, GeneratorOptions options, StoreOptions storeOptions)
            throws StoreException {
        ChainGenerator generator = new ChainGenerator(options);
        List<GeneratedBatch> batches = generator.generateAll();
        Blockchain chain = RocksDbBlockchain.create(dir, generator.spec(), storeOptions);
        for (GeneratedBatch batch : batches) {
            var result = chain.pushHistorySync(batch.block(), batch.items());
            if (!result.isExtended()) {
                chain.close();
                throw new AssertionError("push of block " + batch.block().blockNumber() + " answered " + result);
            }
        }
        return new TestChain(chain, generator, batches);
    }

    /** A store with the generator's genesis and nothing else. */
    public static TestChain createEmpty(Path dir, GeneratorOptions options) throws StoreException {
        ChainGenerator generator = new ChainGenerator(options);
        return new TestChain(RocksDbBlockchain.create(dir, generator.spec(), TEST_STORE), generator, List.of());
    }

    /** Pushes batches in order; a push that does not extend the chain fails the test. */
    public static void push(Blockchain chain, List<GeneratedBatch> batches) {
        for (GeneratedBatch batch : batches) {
            var result = chain.pushHistorySync(batch.block(), batch.firstLeafIndex(), batch.items());
            if (!result.isExtended()) {
                throw new AssertionError("push of block " + batch.block().blockNumber() + " answered " + result);
            }
        }
    }

    /** Streams the generator straight into {@code chain} without keeping the batches. */
    public static WriteReport write(Blockchain chain, ChainGenerator generator) {
        WriteReport report = generator.writeTo(chain);
        if (!report.complete()) {
            throw new AssertionError(
                    "generated chain did not apply: " + report.failure().orElseThrow());
        }
        return report;
    }
}
