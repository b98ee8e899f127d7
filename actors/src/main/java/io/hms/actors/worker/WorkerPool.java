package io.hms.actors.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which worker gets the next range: the one with the most free capacity (ties: the one that joined
 * first), none when every worker is full. Plain data, used only from the supervisor's thread.
 */
public final class WorkerPool<W> {
    private record Slots(int capacity, int running) {}

    private final Map<W, Slots> workers = new LinkedHashMap<>();

    public void add(W worker, int capacity) {
        workers.putIfAbsent(worker, new Slots(capacity, 0));
    }

    public void remove(W worker) {
        workers.remove(worker);
    }

    /** The worker to take a range now, if one has room. */
    public Optional<W> pick() {
        W best = null;
        int bestFree = 0;
        for (Map.Entry<W, Slots> e : workers.entrySet()) {
            int free = e.getValue().capacity() - e.getValue().running();
            if (free > bestFree) {
                best = e.getKey();
                bestFree = free;
            }
        }
        return Optional.ofNullable(best);
    }

    public void started(W worker) {
        workers.computeIfPresent(worker, (w, s) -> new Slots(s.capacity(), s.running() + 1));
    }

    public void ended(W worker) {
        workers.computeIfPresent(worker, (w, s) -> new Slots(s.capacity(), Math.max(0, s.running() - 1)));
    }

    public int size() {
        return workers.size();
    }
}
