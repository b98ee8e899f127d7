package io.hms.engine.sync.clustering;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.List;
import java.util.Objects;

/**
 * What the supervisor knows of one cluster (SPEC §4.2, §4.7): an immutable value. Changes produce
 * new values, so clustering decisions can be computed without touching live state and clusters
 * can be sent between actors.
 *
 * @param id unique, from the supervisor's counter; a split keeps the head's id, the tail gets a new one
 * @param kind epoch ids or a single checkpoint id
 * @param ids the hashes to download: election blocks of consecutive epochs, or one checkpoint
 * @param firstEpoch epoch of {@code ids[0]}
 * @param firstBlockNumber block number of {@code ids[0]}: {@code G + firstEpoch·E} for epoch
 *     clusters, the checkpoint's number for checkpoint clusters
 * @param peers peers that offered (a prefix of) these ids, in the order they joined
 * @param numFinished epochs (not batch sets) of {@code ids} completely downloaded, counted from the
 *     front: the fix of SPEC §7.2 item 19, which compared batch sets with an epoch offset
 */
public record SyncCluster(
        long id,
        ClusterKind kind,
        List<Hash> ids,
        long firstEpoch,
        long firstBlockNumber,
        PeerList peers,
        int numFinished) {

    public SyncCluster {
        Objects.requireNonNull(kind, "kind");
        ids = List.copyOf(ids);
        Objects.requireNonNull(peers, "peers");
        if (numFinished < 0 || numFinished > ids.size()) {
            throw new IllegalArgumentException("numFinished " + numFinished + " outside 0.." + ids.size());
        }
        if (kind == ClusterKind.CHECKPOINT && ids.size() > 1) {
            throw new IllegalArgumentException("a checkpoint cluster holds at most one id");
        }
    }

    public static SyncCluster ofEpochs(
            long id, List<Hash> ids, long firstEpoch, long firstBlockNumber, PeerList peers) {
        return new SyncCluster(id, ClusterKind.EPOCH, ids, firstEpoch, firstBlockNumber, peers, 0);
    }

    public static SyncCluster ofCheckpoint(long id, Checkpoint checkpoint, long epoch, PeerList peers) {
        return new SyncCluster(
                id, ClusterKind.CHECKPOINT, List.of(checkpoint.hash()), epoch, checkpoint.blockNumber(), peers, 0);
    }

    public int size() {
        return ids.size();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return ids.isEmpty();
    }

    @JsonIgnore
    public boolean isCheckpoint() {
        return kind == ClusterKind.CHECKPOINT;
    }

    /** Whether epoch {@code epoch} is one of this cluster's positions. */
    public boolean covers(long epoch) {
        return epoch >= firstEpoch && epoch < firstEpoch + ids.size();
    }

    /**
     * Ids still to download when our election head is at {@code ourEpoch}: {@code |ids| − (ourEpoch
     * − first)} if the cluster starts below it, else {@code |ids|}, never negative (SPEC §4.6).
     */
    public long remaining(long ourEpoch) {
        long behind = ourEpoch - firstEpoch;
        return behind > 0 ? Math.max(0, ids.size() - behind) : ids.size();
    }

    public SyncCluster withPeer(PeerId peer) {
        PeerList next = peers.with(peer);
        return next == peers ? this : withPeers(next);
    }

    public SyncCluster withoutPeer(PeerId peer) {
        PeerList next = peers.without(peer);
        return next == peers ? this : withPeers(next);
    }

    public SyncCluster withPeers(PeerList next) {
        return new SyncCluster(id, kind, ids, firstEpoch, firstBlockNumber, next, numFinished);
    }

    public SyncCluster withNumFinished(int finished) {
        return new SyncCluster(id, kind, ids, firstEpoch, firstBlockNumber, peers, finished);
    }

    /** The first {@code s} ids, same identity: the head of a split. Requires {@code numFinished ≤ s}. */
    public SyncCluster head(int s) {
        return new SyncCluster(id, kind, ids.subList(0, s), firstEpoch, firstBlockNumber, peers, numFinished);
    }

    /** A new cluster with ids {@code [s, …)} and a copy of the peers: the tail of a split. */
    public SyncCluster tail(int s, long newId, long newFirstBlockNumber) {
        return new SyncCluster(newId, kind, ids.subList(s, ids.size()), firstEpoch + s, newFirstBlockNumber, peers, 0);
    }

    /** Without the first {@code k} ids (trimmed to our state before download); same identity. */
    public SyncCluster dropFront(int k, long newFirstBlockNumber) {
        return new SyncCluster(
                id,
                kind,
                ids.subList(k, ids.size()),
                firstEpoch + k,
                newFirstBlockNumber,
                peers,
                Math.max(0, numFinished - k));
    }

    @Override
    public String toString() {
        return "SyncCluster#" + id + "[" + kind + " " + ids.size() + " ids @" + firstEpoch + ", " + peers.size()
                + " peers, finished " + numFinished + "]";
    }
}
