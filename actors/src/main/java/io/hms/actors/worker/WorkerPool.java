package io.hms.actors.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which worker gets the next range: the one with the most free capacity (ties: the one given a
 * range least recently, then the one that joined first, so that workers taking turns share the
 * ranges), none when every worker is full. Plain data, used only from the supervisor's thread.
 */
public final class WorkerPool<W> {
    /** {@code lastStarted}: the pool's count of ranges started when this worker last got one (0: never). */
    private record Slots(int capacity, int running, long lastStarted) {}

    private final Map<W, Slots> workers = new LinkedHashMap<>();
    private long startedTotal;

    public void add(W worker, int capacity) {
        workers.putIfAbsent(worker, new Slots(capacity, 0, 0));
    }

    public void remove(W worker) {
        workers.remove(worker);
    }

    /** The worker to take a range now, if one has room. */
    public Optional<W> pick() {
        W best = null;
        int bestFree = 0;
        long bestLast = Long.MAX_VALUE;
        for (Map.Entry<W, Slots> e : workers.entrySet()) {
            Slots s = e.getValue();
            int free = s.capacity() - s.running();
            if (free > bestFree || (free > 0 && free == bestFree && s.lastStarted() < bestLast)) {
                best = e.getKey();
                bestFree = free;
                bestLast = s.lastStarted();
            }
        }
        return Optional.ofNullable(best);
    }

    public void started(W worker) {
        if (workers.containsKey(worker)) {
            startedTotal++;
            workers.computeIfPresent(worker, (w, s) -> new Slots(s.capacity(), s.running() + 1, startedTotal));
        }
    }

    public void ended(W worker) {
        workers.computeIfPresent(
                worker, (w, s) -> new Slots(s.capacity(), Math.max(0, s.running() - 1), s.lastStarted()));
    }

    /** Every registered worker, whether it has a range now or not. */
    public java.util.Set<W> all() {
        return java.util.Set.copyOf(workers.keySet());
    }

    public int size() {
        return workers.size();
    }
}
