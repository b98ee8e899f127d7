package io.hms.actors.settings;

import io.hms.engine.sync.peers.SchedulingSettings;
import io.hms.engine.sync.reorder.ReorderSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Sync limits that only the actor layer uses ({@code hms.sync}).
 *
 * @param macroChainTimeout time a peer has to answer a RequestMacroChain; missing it disconnects the peer
 * @param maxActiveClusters clusters activated and not yet finished at most; with 2 the next cluster
 *     downloads while the previous one's batch sets are applied (SPEC §7.1 item 1), 1 disables it
 * @param stageAboveItems a batch set that needs more items than this is not assembled in memory:
 *     its verified chunks are staged in the store as they arrive and applied from there, so
 *     memory does not grow with the batch set (whose size the serving peer chooses)
 * @param pacing how a peer that answers RATE_LIMITED is slowed down
 * @param scheduling how a cluster spreads its requests over its peers by their measured speed
 * @param replyMargin how long past a request's deadline its asker still waits for the PeerActor's
 *     answer; it only matters when the PeerActor has stopped and will never answer
 * @param reorder the window in which ranges downloading in parallel wait to be applied in chain
 *     order ({@code hms.sync.reorder}; docs/ARCHITECTURE.md "Ranges in parallel")
 * @param maxQueuedItems history items the job queue's pushes and stages hold together at most
 *     (beyond its first job): the queued batch sets' items stay in memory until applied
 */
public record SyncActorSettings(
        Duration macroChainTimeout,
        int maxActiveClusters,
        long stageAboveItems,
        Pacing pacing,
        SchedulingSettings scheduling,
        Duration replyMargin,
        ReorderSettings reorder,
        long maxQueuedItems) {

    /** {@code hms.sync.max-queued-items} of reference.conf. */
    public static final long DEFAULT_MAX_QUEUED_ITEMS = 16_384;

    /**
     * Pacing of one peer (the PeerActor's {@code RequestPacer}).
     *
     * @param minDelay the pause after a peer's first RATE_LIMITED answer
     * @param maxDelay the pause doubles per further RATE_LIMITED answer up to this; a request still
     *     waiting at its deadline fails as OVERLOADED (a failed try)
     */
    public record Pacing(Duration minDelay, Duration maxDelay) {
        public Pacing {
            HmsSettings.positive("pacing.minDelay", minDelay);
            HmsSettings.positive("pacing.maxDelay", maxDelay);
            if (maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("pacing.maxDelay < pacing.minDelay");
            }
        }
    }

    public SyncActorSettings {
        HmsSettings.positive("macroChainTimeout", macroChainTimeout);
        HmsSettings.atLeast("maxActiveClusters", maxActiveClusters, 1);
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(scheduling, "scheduling");
        HmsSettings.positive("replyMargin", replyMargin);
        Objects.requireNonNull(reorder, "reorder");
        if (maxQueuedItems < 1) {
            throw new IllegalArgumentException("maxQueuedItems must be at least 1: " + maxQueuedItems);
        }
        if (stageAboveItems < 0) {
            throw new IllegalArgumentException("stageAboveItems must not be negative: " + stageAboveItems);
        }
    }

    public SyncActorSettings withMacroChainTimeout(Duration value) {
        return new SyncActorSettings(
                value, maxActiveClusters, stageAboveItems, pacing, scheduling, replyMargin, reorder, maxQueuedItems);
    }

    public SyncActorSettings withMaxActiveClusters(int value) {
        return new SyncActorSettings(
                macroChainTimeout, value, stageAboveItems, pacing, scheduling, replyMargin, reorder, maxQueuedItems);
    }

    public SyncActorSettings withStageAboveItems(long value) {
        return new SyncActorSettings(
                macroChainTimeout, maxActiveClusters, value, pacing, scheduling, replyMargin, reorder, maxQueuedItems);
    }

    public SyncActorSettings withScheduling(SchedulingSettings value) {
        return new SyncActorSettings(
                macroChainTimeout,
                maxActiveClusters,
                stageAboveItems,
                pacing,
                value,
                replyMargin,
                reorder,
                maxQueuedItems);
    }

    public SyncActorSettings withReorder(ReorderSettings value) {
        return new SyncActorSettings(
                macroChainTimeout,
                maxActiveClusters,
                stageAboveItems,
                pacing,
                scheduling,
                replyMargin,
                value,
                maxQueuedItems);
    }

    public SyncActorSettings withMaxQueuedItems(long value) {
        return new SyncActorSettings(
                macroChainTimeout, maxActiveClusters, stageAboveItems, pacing, scheduling, replyMargin, reorder, value);
    }

    public SyncActorSettings withPacing(Pacing value) {
        return new SyncActorSettings(
                macroChainTimeout,
                maxActiveClusters,
                stageAboveItems,
                value,
                scheduling,
                replyMargin,
                reorder,
                maxQueuedItems);
    }
}
