package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a node's request handlers ({@code hms.network.serving-pool}): a fixed number
 * of named threads and a bounded queue in front of them. When every thread is busy and the queue is
 * full, {@link #execute} throws {@link RejectedExecutionException} at once, and {@link
 * RequestServing} answers the request {@code BUSY} (PROTOCOL.md §7.2): a burst of requests is refused
 * instead of queued without bound, and serving never shares threads with the store's pushes.
 */
public final class ServingPool implements Executor, AutoCloseable {
    private static final long IDLE_KEEP_ALIVE_SECONDS = 60;

    private final ThreadPoolExecutor pool;

    private ServingPool(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /** A pool of {@code settings.threads()} threads named {@code <name>-<n>}, daemons, idle ones stopped. */
    public static ServingPool create(String name, NetworkSettings.ServingPool settings) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                IDLE_KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()),
                task -> {
                    Thread t = new Thread(task, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return new ServingPool(pool);
    }

    /** Runs {@code task} on a pool thread, queued if need be; throws if the queue is full. */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Stops taking tasks; those queued still run. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
