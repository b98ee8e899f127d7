package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.clustering.EpochIdClusterer.unchanged;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steps 5–10 of SPEC §4.5 for one peer's ids, already truncated to our state and to the job queue:
 * join or split the clusters they overlap, put the rest in a new cluster, place the checkpoint, and
 * count. Works on mutable copies of the state's lists and is used once; see {@link
 * EpochIdClusterer} for the deliberate differences from the original.
 */
final class EpochIdPlacement {
    private final Policy policy;
    private final ClusteringState state;
    private final PeerId sender;
    private final List<Hash> ids;
    private final long first;
    private final Optional<Checkpoint> checkpoint;
    private final List<SyncCluster> waiting;
    private final List<SyncCluster> active;
    private final List<SyncCluster> checkpoints;
    private final List<SyncCluster> created = new ArrayList<>();
    private final List<ClusterChange> changes = new ArrayList<>();
    private long nextId;
    private int count;

    EpochIdPlacement(
            Policy policy,
            ClusteringState state,
            PeerId sender,
            List<Hash> ids,
            long first,
            Optional<Checkpoint> checkpoint) {
        this.policy = policy;
        this.state = state;
        this.sender = sender;
        this.ids = ids;
        this.first = first;
        this.checkpoint = checkpoint;
        this.waiting = new ArrayList<>(state.epochClusters());
        this.active = new ArrayList<>(state.activeClusters());
        this.checkpoints = new ArrayList<>(state.checkpointClusters());
        this.nextId = state.nextClusterId();
    }

    ClusteringDecision run() {
        int idx = matchEpochClusters();
        if (idx < ids.size()) { // step 6
            long at = first + idx;
            SyncCluster leftover = SyncCluster.ofEpochs(
                    nextId++, ids.subList(idx, ids.size()), at, policy.electionBlockOf(at), PeerList.of(sender));
            created.add(leftover);
            changes.add(new ClusterChange.Created(leftover));
        }
        checkpoint.ifPresent(this::placeCheckpoint); // step 7
        boolean senderInNew = created.stream().anyMatch(c -> c.peers().contains(sender));
        if (count == 0 && !senderInNew) {
            return unchanged(Verdict.NOTHING_NEW, sender, state);
        }
        Map<PeerId, Integer> counts = new HashMap<>(state.peerClusterCounts());
        counts.put(sender, count); // step 8
        for (SyncCluster c : created) { // step 9
            for (PeerId p : c.peers().asList()) {
                counts.merge(p, 1, Integer::sum);
            }
        }
        waiting.addAll(created); // step 10
        ClusteringState next = state.with(waiting, checkpoints, active, state.finishingClusters(), counts, nextId);
        return new ClusteringDecision(Verdict.CLUSTERED, sender, next, changes);
    }

    /** Step 5; returns how many of the ids matched existing clusters. */
    private int matchEpochClusters() {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            slots.add(new Slot(waiting, i));
        }
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).kind() == ClusterKind.EPOCH) {
                slots.add(new Slot(active, i));
            }
        }
        slots.sort(Comparator.comparingLong(s -> s.get().firstEpoch()));
        int idx = 0;
        for (Slot slot : slots) {
            if (idx >= ids.size()) {
                break;
            }
            SyncCluster c = slot.get();
            long p = first + idx;
            if (!c.covers(p)) {
                continue;
            }
            int off = (int) (p - c.firstEpoch());
            int len = Math.min(c.size() - off, ids.size() - idx);
            int m = 0;
            while (m < len && c.ids().get(off + m).equals(ids.get(idx + m))) {
                m++;
            }
            if (m == 0) {
                continue;
            }
            if (m < c.size() - off) {
                int s = off + m;
                if (c.numFinished() > s) {
                    idx += m;
                    continue;
                }
                long tailFirst = c.firstEpoch() + s;
                SyncCluster tail =
                        c.tail(s, nextId++, policy.electionBlockOf(tailFirst)).withoutPeer(sender);
                c = c.head(s);
                created.add(tail);
                changes.add(new ClusterChange.Split(c.id(), s, tail));
            }
            slot.set(addSender(c));
            idx += m;
        }
        return idx;
    }

    private void placeCheckpoint(Checkpoint cp) {
        long epoch = first + ids.size();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            slots.add(new Slot(checkpoints, i));
        }
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).kind() == ClusterKind.CHECKPOINT) {
                slots.add(new Slot(active, i));
            }
        }
        for (Slot slot : slots) {
            SyncCluster c = slot.get();
            if (c.firstEpoch() == epoch && c.size() == 1 && c.ids().get(0).equals(cp.hash())) {
                slot.set(addSender(c));
                return;
            }
        }
        SyncCluster fresh = SyncCluster.ofCheckpoint(nextId++, cp, epoch, PeerList.of(sender));
        checkpoints.add(fresh);
        changes.add(new ClusterChange.Created(fresh));
        count++;
    }

    private SyncCluster addSender(SyncCluster c) {
        if (c.peers().contains(sender)) {
            return c;
        }
        count++;
        changes.add(new ClusterChange.PeerAdded(c.id(), sender));
        return c.withPeer(sender);
    }

    /** A position in one of the mutable cluster lists. */
    private record Slot(List<SyncCluster> list, int index) {
        SyncCluster get() {
            return list.get(index);
        }

        void set(SyncCluster c) {
            list.set(index, c);
        }
    }
}
