package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.sync.HistorySync;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hms's own live sync ({@code --follow}): hms has no micro blocks to follow, so once synced it keeps
 * following new macro blocks by asking its peers for epoch ids again every {@code interval}. A
 * peer with new blocks is clustered and synced from like at the start; one without is Good again.
 * Timed by the actor system's scheduler; the re-check itself is one message to the sync.
 */
public final class FollowingLiveSync implements LiveSyncHook {
    private static final Logger LOG = LoggerFactory.getLogger(FollowingLiveSync.class);

    private final Runnable recheck;
    private final Duration interval;
    private final ActorSystem<?> system;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Cancellable ticks;

    public FollowingLiveSync(HistorySync sync, Duration interval, ActorSystem<?> system) {
        this(sync::recheck, interval, system);
    }

    FollowingLiveSync(Runnable recheck, Duration interval, ActorSystem<?> system) {
        this.recheck = recheck;
        this.interval = interval;
        this.system = system;
    }

    @Override
    public void onSynced(SyncEvent.Synced synced) {
        if (started.compareAndSet(false, true)) {
            LOG.info(
                    "synced to block {} with {} good {}; following new blocks every {} ms",
                    synced.headBlockNumber(),
                    synced.goodPeers().size(),
                    synced.goodPeers().size() == 1 ? "peer" : "peers",
                    interval.toMillis());
            ticks = system.scheduler().scheduleWithFixedDelay(interval, interval, recheck, system.executionContext());
        }
    }

    @Override
    public void close() {
        Cancellable t = ticks;
        if (t != null) {
            t.cancel();
        }
    }
}
