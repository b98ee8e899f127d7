package io.hms.actors.settings;

import java.time.Duration;

/**
 * Sync limits that only the actor layer uses ({@code hms.sync}).
 *
 * @param macroChainTimeout time a peer has to answer a RequestMacroChain; missing it disconnects the peer
 * @param maxActiveClusters clusters activated and not yet finished at most; with 2 the next cluster
 *     downloads while the previous one's batch sets are applied (SPEC §7.1 item 1), 1 disables it
 * @param stageAboveItems a batch set that needs more items than this is not assembled in memory:
 *     its verified chunks are staged in the store as they arrive and applied from there, so
 *     memory does not grow with the batch set (whose size the serving peer chooses)
 */
public record SyncActorSettings(Duration macroChainTimeout, int maxActiveClusters, long stageAboveItems) {

  public SyncActorSettings {
    HmsSettings.positive("macroChainTimeout", macroChainTimeout);
    HmsSettings.atLeast("maxActiveClusters", maxActiveClusters, 1);
    if (stageAboveItems < 0) {
      throw new IllegalArgumentException("stageAboveItems must not be negative: " + stageAboveItems);
    }
  }

  public SyncActorSettings withMacroChainTimeout(Duration value) {
    return new SyncActorSettings(value, maxActiveClusters, stageAboveItems);
  }

  public SyncActorSettings withMaxActiveClusters(int value) {
    return new SyncActorSettings(macroChainTimeout, value, stageAboveItems);
  }

  public SyncActorSettings withStageAboveItems(long value) {
    return new SyncActorSettings(macroChainTimeout, maxActiveClusters, value);
  }
}
