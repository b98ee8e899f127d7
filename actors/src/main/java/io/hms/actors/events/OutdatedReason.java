package io.hms.actors.events;

/**
 * Why a peer was reported {@link MacroSyncReturn.Outdated}. None of them bans the peer: a peer
 * that is merely behind or follows another chain is not lying.
 */
public enum OutdatedReason {
    /** The peer knew none of our locators: it is behind us or on another chain. */
    UNKNOWN_LOCATORS,
    /** The peer's epoch ids end at or before our election head. */
    BEHIND,
    /** The peer's id at our election head's epoch differs from our election head. */
    FORK,
    /** Everything the peer offers is already applied, queued or downloaded from others (e.g. a stale checkpoint). */
    NOTHING_NEW,
    /**
     * A cluster of the peer failed: no peer could serve or prove an id in a way that fits our chain
     * (e.g. the branch the sync did not follow), so the peer is not asked again until a recheck.
     */
    CLUSTER_FAILED
}
