package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;
import io.hms.engine.store.ChainView;
import io.hms.protocol.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Progress of one sync, from its events, counted on the whole chain rather than from where this run
 * started: a resumed sync shows "epoch 9 of 20", not "2 of 14". The transactions still to come are
 * estimated from the <em>proven</em> history lengths (each verified BatchSetInfo proves its epoch's
 * leaf count up to a block with a size proof) at the proven average per block, so a target that ends
 * in a checkpoint counts that checkpoint's share of its epoch. The rate is taken over a sliding window
 * from the first applied batch set, and the ETA is withheld until it means something. Between applies
 * (a MAINNET epoch of 720 batches is applied as one batch set) the verified history chunks count, so
 * the display moves while an epoch downloads. Not thread-safe:
 * feed it from one thread.
 */
public final class SyncProgress {
    /** The rate is measured over at most this much recent time. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(30);
    /** No ETA before this much time since the first applied batch set... */
    static final Duration ETA_AFTER = Duration.ofSeconds(10);
    /** ...nor before this fraction of this run's work is done. */
    static final double ETA_AFTER_FRACTION = 0.02;

    private final Policy policy;
    private final Start start;
    private final long startEpoch;
    private final Map<Long, Proven> proven = new HashMap<>();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Optional<Instant> firstApplied = Optional.empty();
    private long targetBlock;
    private boolean targetKnown;
    private long appliedEpoch;
    private long appliedItems;
    private long verifiedItems;
    private long appliedBatchSets;

    /**
     * Where the store stood when the sync started.
     *
     * @param electionHeadBlock our latest election block
     * @param items transactions held over all epochs
     * @param itemsInOpenEpoch of those, the ones of the epoch after the election head (its checkpoints)
     */
    public record Start(long electionHeadBlock, long items, long itemsInOpenEpoch) {
        public static Start of(ChainView chain) {
            long election = chain.electionHead().blockNumber();
            long open = chain.historyLength(chain.spec().policy().epochAt(election) + 1);
            return new Start(election, chain.totalTransactions(), open);
        }

        /** An empty store at genesis {@code block}. */
        public static Start genesis(long block) {
            return new Start(block, 0, 0);
        }
    }

    private record Proven(long blockNumber, long length) {}

    private record Sample(Instant at, long items) {}

    public SyncProgress(Policy policy, Start start) {
        this.policy = policy;
        this.start = start;
        this.startEpoch = policy.epochAt(start.electionHeadBlock());
        this.appliedEpoch = startEpoch;
        this.targetBlock = start.electionHeadBlock();
    }

    /**
     * A snapshot, on the whole chain.
     *
     * @param epochsApplied complete epochs in the store
     * @param epochsTotal complete epochs up to the target known so far (a checkpoint target's open
     *     epoch is not counted)
     * @param itemsApplied transactions in the store, or verified and about to be applied
     * @param itemsEstimated transactions up to the target, estimated; 0 while nothing is proven
     * @param itemsPerSecond transactions verified or applied per second, over the recent window
     * @param targetKnown whether any cluster started yet (before, the totals are our own)
     * @param eta empty until meaningful: {@link #ETA_AFTER} after the first applied batch set and
     *     {@link #ETA_AFTER_FRACTION} of this run's work done
     */
    public record Snapshot(
            long epochsApplied,
            long epochsTotal,
            long itemsApplied,
            long itemsEstimated,
            long batchSets,
            double itemsPerSecond,
            Optional<Duration> eta,
            long targetBlock,
            boolean targetKnown) {

        /** Done, 0..1: by transactions when an estimate exists, else by epochs; 0 while the target is unknown. */
        public double fraction() {
            if (!targetKnown) {
                return 0.0;
            }
            if (itemsEstimated > 0) {
                return Math.min(1.0, (double) itemsApplied / itemsEstimated);
            }
            return epochsTotal > 0 ? Math.min(1.0, (double) epochsApplied / epochsTotal) : 0.0;
        }
    }

    public void onEvent(SyncEvent event, Instant now) {
        if (event instanceof SyncEvent.ClusterStarted
                || event instanceof SyncEvent.BatchSetVerified
                || event instanceof SyncEvent.BatchSetApplied
                || event instanceof SyncEvent.Synced) {
            targetKnown = true;
        }
        if (event instanceof SyncEvent.Synced s) {
            targetBlock = Math.max(targetBlock, s.headBlockNumber());
        }
        if (event instanceof SyncEvent.ClusterStarted c) {
            targetBlock = Math.max(targetBlock, c.targetBlockNumber());
        } else if (event instanceof SyncEvent.BatchSetVerified v) {
            proven.merge(
                    v.epoch(),
                    new Proven(v.blockNumber(), v.historyLength()),
                    (a, b) -> a.blockNumber() >= b.blockNumber() ? a : b);
            targetBlock = Math.max(targetBlock, v.blockNumber());
        } else if (event instanceof SyncEvent.ChunkReceived c) {
            started(now);
            verifiedItems += c.items();
            samples.add(new Sample(now, progressed()));
            prune(now);
        } else if (event instanceof SyncEvent.BatchSetApplied a) {
            started(now);
            appliedItems = a.appliedItemsTotal();
            appliedBatchSets++;
            samples.add(new Sample(now, progressed()));
            prune(now);
            targetBlock = Math.max(targetBlock, Math.max(a.targetBlockNumber(), a.blockNumber()));
            if (a.election()) {
                appliedEpoch = Math.max(appliedEpoch, a.epoch());
            }
        }
    }

    /** The rate counts from the first verified chunk or applied batch set: what came before filled the pipeline. */
    private void started(Instant now) {
        if (firstApplied.isEmpty()) {
            firstApplied = Optional.of(now);
        }
    }

    /** Transactions of this run verified (chunks) or applied, whichever is further. */
    private long progressed() {
        return Math.max(appliedItems, verifiedItems);
    }

    public Snapshot snapshot(Instant now) {
        long targetEpoch = Math.max(startEpoch, policy.epochAt(targetBlock));
        long completeTarget = policy.isElectionBlockAt(targetBlock) ? targetEpoch : targetEpoch - 1;
        long applied = start.items() + appliedItems;
        long estimated = proven.isEmpty() ? 0 : Math.max(applied, estimate(targetEpoch));
        // a chunk downloaded twice (a cluster retried) must not carry the count past the estimate
        long done = estimated == 0 ? applied : Math.max(applied, Math.min(start.items() + verifiedItems, estimated));
        double rate = rate(now);
        return new Snapshot(
                appliedEpoch,
                Math.max(appliedEpoch, completeTarget),
                done,
                estimated,
                appliedBatchSets,
                rate,
                eta(now, done, estimated, rate),
                targetBlock,
                targetKnown);
    }

    /** Held before the first epoch the sync downloads, plus each later epoch's proven or estimated length. */
    private long estimate(long targetEpoch) {
        long provenItems = 0;
        long provenBlocks = 0;
        for (Map.Entry<Long, Proven> e : proven.entrySet()) {
            provenItems += e.getValue().length();
            provenBlocks += e.getValue().blockNumber() - policy.firstBlockOf(e.getKey()) + 1;
        }
        double perBlock = provenBlocks == 0 ? 0 : (double) provenItems / provenBlocks;
        double total = start.items() - start.itemsInOpenEpoch();
        for (long epoch = startEpoch + 1; epoch <= targetEpoch; epoch++) {
            long lastBlock = Math.min(targetBlock, policy.electionBlockOf(epoch));
            Proven p = proven.get(epoch);
            long from = p == null ? policy.firstBlockOf(epoch) : p.blockNumber() + 1;
            total += (p == null ? 0 : p.length()) + perBlock * Math.max(0, lastBlock - from + 1);
        }
        return Math.round(total);
    }

    /** Keeps one sample at or before the window's start and those after it. */
    private void prune(Instant now) {
        Instant from = now.minus(RATE_WINDOW);
        while (samples.size() > 2 && !secondOldest().at().isAfter(from)) {
            samples.removeFirst();
        }
    }

    private double rate(Instant now) {
        prune(now);
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        double seconds = Duration.between(first.at(), now).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : (progressed() - first.items()) / seconds;
    }

    private Sample secondOldest() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    private Optional<Duration> eta(Instant now, long done, long estimated, double rate) {
        if (firstApplied.isEmpty() || estimated == 0 || rate <= 0) {
            return Optional.empty();
        }
        long thisRun = estimated - start.items();
        boolean longEnough = Duration.between(firstApplied.get(), now).compareTo(ETA_AFTER) >= 0;
        boolean farEnough = thisRun > 0 && (double) (done - start.items()) / thisRun >= ETA_AFTER_FRACTION;
        if (!longEnough || !farEnough) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round((estimated - done) / rate * 1000)));
    }
}
