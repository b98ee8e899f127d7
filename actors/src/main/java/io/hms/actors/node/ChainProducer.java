package io.hms.actors.node;

import io.hms.actors.settings.HmsSettings;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.PushResult;
import io.hms.protocol.model.MacroBlock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps extending a generated chain, one batch per tick, so that syncing nodes have something to
 * follow ({@code hms serve --produce-every}). The chain generator is deterministic and its epochs
 * do not depend on how many follow, so the producer replays the generator that made the store up
 * to our head (checking that it arrives at our head's hash) and pushes its later batches.
 */
public final class ChainProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainProducer.class);
    /** Epochs the producer can add at most; far more than any run produces. */
    private static final int MORE_EPOCHS = 1_000_000;

    private final Blockchain chain;
    private final Iterator<GeneratedBatch> batches;
    private volatile Cancellable ticks;

    private ChainProducer(Blockchain chain, Iterator<GeneratedBatch> batches) {
        this.chain = chain;
        this.batches = batches;
    }

    /**
     * Replays {@code generatedWith} up to the head of {@code chain}; empty if that generator did not
     * produce this chain (the store was made with other options, or by a sync from elsewhere).
     */
    public static Optional<ChainProducer> resume(Blockchain chain, GeneratorOptions generatedWith) {
        ChainGenerator generator = new ChainGenerator(generatedWith.withShape(MORE_EPOCHS, 0));
        if (!generator.genesis().hash().equals(chain.spec().genesisHash())) {
            return Optional.empty();
        }
        Iterator<GeneratedBatch> batches = generator.batches();
        MacroBlock head = chain.macroHead();
        if (head.blockNumber() != chain.spec().genesis().blockNumber()) {
            while (true) {
                MacroBlock block = batches.next().block();
                if (block.blockNumber() == head.blockNumber()) {
                    if (!block.hash().equals(head.hash())) {
                        return Optional.empty();
                    }
                    break;
                }
                if (block.blockNumber() > head.blockNumber()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new ChainProducer(chain, batches));
    }

    /**
     * Pushes one batch every {@code interval} from now on, timed by {@code system}'s scheduler; the
     * pushes run on the single-thread store dispatcher ({@code hms.store-dispatcher}), never on the
     * scheduler's thread.
     */
    public ChainProducer every(Duration interval, ActorSystem<?> system) {
        ticks = system.scheduler()
                .scheduleWithFixedDelay(
                        interval,
                        interval,
                        this::tick,
                        system.dispatchers().lookup(DispatcherSelector.fromConfig(HmsSettings.STORE_DISPATCHER)));
        return this;
    }

    private void tick() {
        try {
            produceOne();
        } catch (RuntimeException e) {
            LOG.warn("producing a block failed", e);
        }
    }

    /** Pushes the next batch; returns what the store answered. Not thread-safe: one caller at a time. */
    public synchronized PushResult produceOne() {
        GeneratedBatch batch = batches.next();
        PushResult result = chain.pushHistorySync(batch.block(), batch.items());
        if (result instanceof PushResult.Extended e) {
            LOG.info(
                    "produced block {} (epoch {}, {} {}, {})",
                    e.blockNumber(),
                    e.epoch(),
                    batch.items().size(),
                    batch.items().size() == 1 ? "transaction" : "transactions",
                    e.election() ? "election" : "checkpoint");
        } else {
            LOG.warn("producing block {} failed: {}", batch.block().blockNumber(), result);
        }
        return result;
    }

    /** No more ticks; a push already running finishes ({@link #produceOne} holds the lock meanwhile). */
    @Override
    public void close() {
        Cancellable t = ticks;
        if (t != null) {
            t.cancel();
        }
        awaitRunningPush();
    }

    /** Entering the monitor waits for a push in progress, so the caller may close the store next. */
    private synchronized void awaitRunningPush() {}
}
