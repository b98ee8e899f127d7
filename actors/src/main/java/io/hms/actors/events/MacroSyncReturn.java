package io.hms.actors.events;

import io.hms.engine.sync.PeerId;
import java.util.Objects;

/**
 * The per-peer result of the macro sync (SPEC §4.1, §4.11), the events a host node reacts to:
 * {@link Good} peers go to live sync, {@link Outdated} ones are re-checked later, {@link
 * Incompatible} ones lack the services a history sync needs.
 */
public sealed interface MacroSyncReturn extends SyncEvent
        permits MacroSyncReturn.Good, MacroSyncReturn.Outdated, MacroSyncReturn.Incompatible {

    PeerId peer();

    /** We have everything this peer can give at macro level (it offers nothing after our head). */
    record Good(PeerId peer) implements MacroSyncReturn {
        public Good {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** The peer is behind, on another chain, or has nothing new; never a ban. */
    record Outdated(PeerId peer, OutdatedReason reason, String detail) implements MacroSyncReturn {
        public Outdated {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The peer lacks {@code HISTORY} or {@code FULL_BLOCKS}; {@code services} is what it offers. */
    record Incompatible(PeerId peer, long services) implements MacroSyncReturn {
        public Incompatible {
            Objects.requireNonNull(peer, "peer");
        }
    }
}
