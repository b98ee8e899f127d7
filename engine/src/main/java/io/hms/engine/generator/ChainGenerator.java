package io.hms.engine.generator;

import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.PushResult;
import io.hms.protocol.Policy;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.verifier.MacroBlockVerifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Produces a valid chain from a seed (see {@link GeneratorOptions}): a genesis election block, then
 * batch after batch a macro block justified by at least {@code 2f+1} slots of the governing
 * validators, with the history its batch recorded. Every election block names a new validator set.
 * Equal options give byte-identical chains.
 *
 * <p>Randomness: validator and account keys come from the base seed; everything inside epoch
 * {@code e} (history, justification subsets, extra data, the next validator set) comes from a
 * generator seeded by {@code (seedOfEpoch(e), e)}, so a fork reproduces every epoch before its
 * fork epoch exactly. The history root is tracked by a peaks-only accumulator, so memory does not
 * grow with the chain; {@link #batches()} streams.
 */
public final class ChainGenerator {
    private static final int EXTRA_DATA_BYTES = 8;

    private final GeneratorOptions options;
    private final Policy policy;
    private final ValidatorPool pool;
    private final HistoryMix mix;
    private final ValidatorPool.Elected genesisValidators;
    private final MacroBlock genesis;
    private final ChainSpec spec;
    private final int signingThreads;

    /** A generator that signs on all available cores. */
    public ChainGenerator(GeneratorOptions options) {
        this(options, JustificationSigner.DEFAULT_THREADS);
    }

    /**
     * @param signingThreads threads that sign each pass's justifications; the chain does not depend
     *     on it
     */
    public ChainGenerator(GeneratorOptions options, int signingThreads) {
        if (signingThreads < 1) {
            throw new IllegalArgumentException("signingThreads must be ≥ 1: " + signingThreads);
        }
        this.signingThreads = signingThreads;
        this.options = options;
        this.policy = options.policy();
        this.pool = new ValidatorPool(options.seed(), options.validators(), policy);
        this.mix = new HistoryMix(options);
        this.genesisValidators = pool.elect(epochRandom(0));
        long g = policy.genesisBlockNumber();
        MacroBody body = MacroBody.election(genesisValidators.set());
        MacroHeader header = new MacroHeader(
                options.networkId(),
                MacroBlockVerifier.VERSION,
                g,
                mix.blockTime(g),
                Hash.ZERO,
                Hash.ZERO,
                HistoryRootAccumulator.emptyRoot(),
                body.hash(),
                ByteString.EMPTY);
        this.genesis = new MacroBlock(header, body, Optional.empty());
        this.spec = new ChainSpec(policy, options.networkId(), genesis);
    }

    public GeneratorOptions options() {
        return options;
    }

    public ChainSpec spec() {
        return spec;
    }

    public MacroBlock genesis() {
        return genesis;
    }

    /**
     * A fresh pass over the chain after genesis, generated lazily batch by batch. Its signing threads
     * stop after the last batch (or, if the pass is abandoned, once idle).
     */
    public Iterator<GeneratedBatch> batches() {
        return new BatchIterator();
    }

    public Stream<GeneratedBatch> stream() {
        Spliterator<GeneratedBatch> split = Spliterators.spliterator(
                batches(), options.totalBatches(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(split, false);
    }

    /** Every batch in memory: for small test chains only. */
    public List<GeneratedBatch> generateAll() {
        List<GeneratedBatch> all = new ArrayList<>();
        batches().forEachRemaining(all::add);
        return all;
    }

    /**
     * Pushes every batch into {@code chain} (created from {@link #spec()}) with {@code
     * pushHistorySync}, stopping at the first push that does not extend it.
     */
    public WriteReport writeTo(Blockchain chain) {
        long batches = 0;
        long transactions = 0;
        Iterator<GeneratedBatch> it = batches();
        while (it.hasNext()) {
            GeneratedBatch batch = it.next();
            PushResult result = chain.pushHistorySync(batch.block(), batch.items());
            if (!result.isExtended()) {
                return new WriteReport(
                        batches, transactions, Optional.of(new WriteReport.Failure(batch.block(), result)));
            }
            batches++;
            transactions += batch.items().size();
        }
        return new WriteReport(batches, transactions, Optional.empty());
    }

    private SplittableRandom epochRandom(long epoch) {
        long seed = options.seedOfEpoch(epoch);
        return new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + epoch);
    }

    /** Walks the chain; all mutable generation state lives here, so each pass starts afresh. */
    private final class BatchIterator implements Iterator<GeneratedBatch> {
        private final long totalBatches = options.totalBatches();
        private long batch;
        private MacroBlock previous = genesis;
        private MacroBlock lastElection = genesis;
        private ValidatorPool.Elected governing = genesisValidators;
        private HistoryRootAccumulator history = new HistoryRootAccumulator();
        private SplittableRandom rng;
        private final JustificationSigner signer = new JustificationSigner(signingThreads);

        @Override
        public boolean hasNext() {
            return batch < totalBatches;
        }

        @Override
        public GeneratedBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the generated chain ends after " + totalBatches + " batches");
            }
            batch++;
            long macro = policy.macroBlockOf(batch);
            long epoch = policy.epochAt(macro);
            if (policy.firstBatchOfEpoch(macro)) {
                rng = epochRandom(epoch);
            }
            boolean empty = rng.nextDouble() < options.emptyBatchRatio() || (options.emptyFirstEpoch() && epoch == 1);
            List<HistoricTransaction> items = mix.batch(rng, batch, governing.set(), empty);
            long firstLeaf = history.size();
            for (HistoricTransaction tx : items) {
                history.append(tx);
            }
            boolean election = policy.isElectionBlockAt(macro);
            ValidatorPool.Elected next = election ? pool.elect(rng) : null;
            MacroBody body = election ? MacroBody.election(next.set()) : MacroBody.CHECKPOINT;
            byte[] extra = new byte[EXTRA_DATA_BYTES];
            rng.nextBytes(extra);
            MacroHeader header = new MacroHeader(
                    options.networkId(),
                    MacroBlockVerifier.VERSION,
                    macro,
                    mix.blockTime(macro),
                    previous.hash(),
                    lastElection.hash(),
                    history.root(),
                    body.hash(),
                    ByteString.wrap(extra));
            Justification justification = governing.justify(rng, options.networkId(), header.hash(), policy, signer);
            MacroBlock block = new MacroBlock(header, body, Optional.of(justification));
            previous = block;
            if (election) {
                lastElection = block;
                governing = next;
                history = new HistoryRootAccumulator();
            }
            if (!hasNext()) {
                signer.close();
            }
            return new GeneratedBatch(block, firstLeaf, items);
        }
    }
}
