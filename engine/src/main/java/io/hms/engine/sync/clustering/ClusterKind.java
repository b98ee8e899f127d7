package io.hms.engine.sync.clustering;

/** What a cluster downloads: consecutive finalized epochs, or one checkpoint of the open epoch. */
public enum ClusterKind {
    EPOCH,
    CHECKPOINT
}
