package io.hms.actors.job;

import io.hms.engine.store.Blockchain;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.protocol.model.Hash;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobActor's writes to the store, each run on {@code hms.store-dispatcher} (one thread, so
 * they reach the store in the order they were issued), and the translation of a push's outcome into
 * plain data.
 */
final class StoreWrites {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWrites.class);

    private final Blockchain chain;
    private final Executor store;

    StoreWrites(Blockchain chain, Executor store) {
        this.chain = chain;
        this.store = store;
    }

    /**
     * A push's result and, for a block the store already held ({@link PushResult.Known}), whether
     * that block is on our main chain — read on the store thread with the push, so the JobActor
     * never reads the store on its own thread.
     */
    record Pushed(PushResult result, boolean knownOnMainChain) {}

    CompletionStage<Pushed> push(JobActor.Push push) {
        CompleteBatchSet set = push.batchSet();
        return CompletableFuture.supplyAsync(
                () -> {
                    PushResult result = push.staged()
                            ? chain.pushStaged(set.block(), finality(set))
                            : chain.pushHistorySync(
                                    set.block(), set.firstLeafIndex(), set.items(), set.hashes(), finality(set));
                    boolean onMainChain = result instanceof PushResult.Known
                            && chain.isOnMainChain(set.block().hash());
                    return new Pushed(result, onMainChain);
                },
                store);
    }

    /**
     * How the store authenticates the block: its own justification, or — for a batch set below its
     * info's final block, which arrives without one — the hash chain up to that justified block.
     */
    static Finality finality(CompleteBatchSet set) {
        return set.chainProof()
                .<Finality>map(p -> new Finality.ChainedTo(p.anchor(), p.links()))
                .orElse(Finality.Justified.INSTANCE);
    }

    CompletionStage<Void> stage(JobActor.Stage stage) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        chain.stageChunk(stage.blockHash(), stage.firstLeafIndex(), stage.items(), stage.hashes());
                    } catch (StoreException e) {
                        throw new UncheckedStoreException(e);
                    }
                },
                store);
    }

    /** Drops what was staged for a block that will not be pushed; the store also drops it on open. */
    void discard(Hash blockHash) {
        CompletableFuture.runAsync(
                        () -> {
                            try {
                                chain.discardStaged(blockHash);
                            } catch (StoreException e) {
                                throw new UncheckedStoreException(e);
                            }
                        },
                        store)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("discarding staged history of {} failed: {}", blockHash.shortHex(), describe(error));
                    }
                });
    }

    static String describe(Throwable error) {
        return String.valueOf(error.getCause() != null ? error.getCause() : error);
    }

    /** A push the store refused or that did not extend the main chain, as plain data. */
    static JobActor.PushFailed failure(JobActor.Push job, PushResult result) {
        CompleteBatchSet set = job.batchSet();
        Hash hash = set.block().hash();
        long number = set.block().blockNumber();
        if (result instanceof PushResult.Known) {
            return new JobActor.PushFailed(
                    job.clusterId(), hash, number, PushFailure.KNOWN, Optional.empty(), "block already stored");
        } else if (result instanceof PushResult.Ignored i) {
            return new JobActor.PushFailed(
                    job.clusterId(),
                    hash,
                    number,
                    PushFailure.IGNORED,
                    Optional.empty(),
                    "block " + i.blockNumber() + " not above macro head " + i.macroHeadNumber());
        } else if (result instanceof PushResult.Rejected rej) {
            return new JobActor.PushFailed(
                    job.clusterId(), hash, number, PushFailure.REJECTED, Optional.of(rej.error()), rej.detail());
        }
        throw new IllegalArgumentException("not a failed push: " + result);
    }

    /** A push during which the store threw; {@code error} describes the exception. */
    static JobActor.PushFailed storeError(JobActor.Push job, String error) {
        CompleteBatchSet set = job.batchSet();
        return new JobActor.PushFailed(
                job.clusterId(),
                set.block().hash(),
                set.block().blockNumber(),
                PushFailure.STORE_ERROR,
                Optional.empty(),
                error);
    }
}
