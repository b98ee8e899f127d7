package io.hms.actors.settings;

import java.time.Duration;

/**
 * Sync limits that only the actor layer uses ({@code hms.sync}).
 *
 * @param macroChainTimeout time a peer has to answer a RequestMacroChain; missing it disconnects the peer
 * @param maxActiveClusters clusters activated and not yet finished at most; with 2 the next cluster
 *     downloads while the previous one's batch sets are applied (SPEC §7.1 item 1), 1 disables it
 */
public record SyncActorSettings(Duration macroChainTimeout, int maxActiveClusters) {

  public SyncActorSettings {
    HmsSettings.positive("macroChainTimeout", macroChainTimeout);
    HmsSettings.atLeast("maxActiveClusters", maxActiveClusters, 1);
  }

  public SyncActorSettings withMacroChainTimeout(Duration value) {
    return new SyncActorSettings(value, maxActiveClusters);
  }

  public SyncActorSettings withMaxActiveClusters(int value) {
    return new SyncActorSettings(macroChainTimeout, value);
  }
}
