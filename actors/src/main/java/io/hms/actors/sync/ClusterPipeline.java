package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The clusters that were activated and have not finished, in activation order — the order in
 * which the JobActor applies their batch sets. At most one downloads at a time; the next one may
 * start as soon as the previous one has handed over everything (SPEC §7.1 item 1), verified
 * against the state the previous one leaves behind.
 */
final class ClusterPipeline {

    private static final class Slot {
        final long id;
        boolean downloading;
        Optional<ClusterStart> end;

        Slot(long id, boolean downloading, Optional<ClusterStart> end) {
            this.id = id;
            this.downloading = downloading;
            this.end = end;
        }
    }

    private final List<Slot> slots = new ArrayList<>();

    boolean isEmpty() {
        return slots.isEmpty();
    }

    int size() {
        return slots.size();
    }

    boolean contains(long id) {
        return slots.stream().anyMatch(s -> s.id == id);
    }

    boolean anyDownloading() {
        return slots.stream().anyMatch(s -> s.downloading);
    }

    /** A cluster began downloading. */
    void downloading(long id) {
        slots.add(new Slot(id, true, Optional.empty()));
    }

    /** An empty cluster was activated: it changes nothing, so what follows starts where it started. */
    void empty(long id, ClusterStart start) {
        slots.add(new Slot(id, false, Optional.of(start)));
    }

    /**
     * The cluster handed over everything. {@code end} is where its successor may start, present only
     * if it completed an epoch cluster with a verified final election block.
     */
    void downloaded(long id, Optional<ClusterStart> end) {
        for (Slot s : slots) {
            if (s.id == id) {
                s.downloading = false;
                s.end = end;
            }
        }
    }

    void remove(long id) {
        slots.removeIf(s -> s.id == id);
    }

    /** The clusters' ids, in activation order. */
    List<Long> order() {
        return slots.stream().map(s -> s.id).toList();
    }

    /** Where the next cluster starts if it is pipelined behind the last one; empty if it cannot be. */
    Optional<ClusterStart> tip() {
        if (slots.isEmpty()) {
            return Optional.empty();
        }
        Slot last = slots.get(slots.size() - 1);
        return last.downloading ? Optional.empty() : last.end;
    }
}
