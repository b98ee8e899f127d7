package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.sync.HistorySync;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hms's own live sync ({@code --follow}): hms has no micro blocks to follow, so once synced it keeps
 * following new macro blocks by asking its peers for epoch ids again every {@code interval}. A
 * peer with new blocks is clustered and synced from like at the start; one without is Good again.
 */
public final class FollowingLiveSync implements LiveSyncHook {
  private static final Logger LOG = LoggerFactory.getLogger(FollowingLiveSync.class);

  private final HistorySync sync;
  private final Duration interval;
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hms-follow");
    t.setDaemon(true);
    return t;
  });

  public FollowingLiveSync(HistorySync sync, Duration interval) {
    this.sync = sync;
    this.interval = interval;
  }

  @Override
  public void onSynced(SyncEvent.Synced synced) {
    if (started.compareAndSet(false, true)) {
      LOG.info("synced to block {} with {} good peer(s); following new blocks every {} ms", synced.headBlockNumber(),
          synced.goodPeers().size(), interval.toMillis());
      timer.scheduleWithFixedDelay(sync::recheck, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
