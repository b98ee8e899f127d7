package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;
import io.hms.protocol.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Progress of one sync, from its events: epochs applied of the epochs known, transactions applied,
 * and an estimate of the transactions still to come from the <em>proven</em> history lengths (each
 * verified BatchSetInfo proves its epoch's leaf count with a size proof). Epochs not yet proven are
 * estimated at the average of the proven ones. Not thread-safe: feed it from one thread.
 */
public final class SyncProgress {
    private final Policy policy;
    private final long startEpoch;
    private final Instant start;
    private final Map<Long, Long> provenLength = new HashMap<>();
    private long targetBlock;
    private long appliedEpoch;
    private long appliedItems;
    private long appliedBatchSets;

    public SyncProgress(Policy policy, long startElectionBlock, Instant start) {
        this.policy = policy;
        this.startEpoch = policy.epochAt(startElectionBlock);
        this.appliedEpoch = startEpoch;
        this.start = start;
    }

    /**
     * A snapshot; {@code eta} is empty until something was applied.
     *
     * @param epochsApplied complete epochs applied by this sync
     * @param epochsTotal complete epochs up to the target known so far (a checkpoint target's open
     *     epoch is not counted)
     */
    public record Snapshot(
            long epochsApplied,
            long epochsTotal,
            long itemsApplied,
            long itemsEstimated,
            long batchSets,
            double itemsPerSecond,
            Optional<Duration> eta,
            long targetBlock) {}

    public void onEvent(SyncEvent event) {
        if (event instanceof SyncEvent.ClusterStarted c) {
            targetBlock = Math.max(targetBlock, c.targetBlockNumber());
        } else if (event instanceof SyncEvent.BatchSetVerified v) {
            provenLength.merge(v.epoch(), v.historyLength(), Math::max);
        } else if (event instanceof SyncEvent.BatchSetApplied a) {
            appliedItems = a.appliedItemsTotal();
            appliedBatchSets++;
            targetBlock = Math.max(targetBlock, Math.max(a.targetBlockNumber(), a.blockNumber()));
            if (a.election()) {
                appliedEpoch = Math.max(appliedEpoch, a.epoch());
            }
        }
    }

    public Snapshot snapshot(Instant now) {
        long targetEpoch = Math.max(startEpoch, policy.epochAt(targetBlock));
        long completeTarget =
                policy.isElectionBlockAt(targetBlock) ? targetEpoch : Math.max(startEpoch, targetEpoch - 1);
        long epochsTotal = completeTarget - startEpoch;
        long epochsWithHistory = targetEpoch - startEpoch;
        long proven = 0;
        for (long length : provenLength.values()) {
            proven += length;
        }
        long unproven = Math.max(0, epochsWithHistory - provenLength.size());
        long estimated = provenLength.isEmpty() ? 0 : proven + unproven * (proven / provenLength.size());
        estimated = Math.max(estimated, appliedItems);
        double seconds = Math.max(0.001, Duration.between(start, now).toMillis() / 1000.0);
        double rate = appliedItems / seconds;
        Optional<Duration> eta = rate <= 0
                ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.round((estimated - appliedItems) / rate * 1000)));
        return new Snapshot(
                appliedEpoch - startEpoch,
                epochsTotal,
                appliedItems,
                estimated,
                appliedBatchSets,
                rate,
                eta,
                targetBlock);
    }
}
