package io.hms.actors.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link PendingRequests.Timer} whose tasks run when the test advances time. */
final class ManualTimer implements PendingRequests.Timer {
    private final List<Task> tasks = new ArrayList<>();
    private Duration now = Duration.ZERO;

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    void advance(Duration d) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            now = now.plus(d);
            for (Task t : List.copyOf(tasks)) {
                if (t.at.compareTo(now) <= 0) {
                    tasks.remove(t);
                    if (!t.cancelled) {
                        due.add(t);
                    }
                }
            }
        }
        due.forEach(t -> t.task.run());
    }

    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task {
        final Duration at;
        final Runnable task;
        volatile boolean cancelled;

        Task(Duration at, Runnable task) {
            this.at = at;
            this.task = task;
        }
    }
}
