package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of a downloading cluster's ids each of its peers offered, so that a request goes only to a
 * peer that has what it asks for (the fix of SPEC §7.2 item 20). The peers the cluster started with
 * offered all its ids. A peer added while it downloads offered the ids the cluster kept after the
 * split that came with it (a split is always announced before the peer that caused it): requests
 * for ids beyond, already in flight when the cluster was cut, must not be retried on that peer —
 * on another chain it would answer for another block and look like a liar.
 */
public final class PeerAgreement {
    private final SyncCluster cluster;
    private final Map<PeerId, Integer> addedWithKeep = new HashMap<>();

    public PeerAgreement(SyncCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code peer} joined the running cluster while it kept its first {@code keep} ids. */
    public void added(PeerId peer, int keep) {
        addedWithKeep.putIfAbsent(peer, keep);
    }

    /** Whether {@code peer} offered the id that {@code request} is about. */
    public boolean offered(PeerId peer, Request request) {
        Integer keep = addedWithKeep.get(peer);
        return keep == null || indexOf(request) < keep;
    }

    /** The position among the cluster's ids of the id {@code request} is about (0 if it names none). */
    int indexOf(Request request) {
        if (request instanceof RequestHistoryChunk chunk) {
            return (int) Math.max(0, chunk.epochNumber() - cluster.firstEpoch());
        }
        if (request instanceof RequestBatchSet batchSet) {
            return Math.max(0, cluster.ids().indexOf(batchSet.hash()));
        }
        return 0;
    }
}
