package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.SyncProgress;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.Policy;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * getSyncStatus of a syncing node ({@code hms sync}): fed every sync event (a listener of the
 * {@code SyncingNode}), it keeps the progress ({@link SyncProgress}), each peer's latest result and
 * the bans. Events arrive on the event stream's thread and reads on the RPC dispatcher, so every
 * access holds this object's monitor.
 */
public final class SyncStatusTracker implements SyncStatusSource, Consumer<SyncEvent> {
    private final SyncProgress progress;
    private final Clock clock;
    private final Map<PeerId, MacroSyncReturn> peers = new LinkedHashMap<>();
    private final Map<PeerId, SyncEvent.PeerBanned> banned = new LinkedHashMap<>();
    private boolean synced;
    private boolean syncing = true;
    private String failure;

    public SyncStatusTracker(Policy policy, SyncProgress.Start start, Clock clock) {
        this.progress = new SyncProgress(policy, start);
        this.clock = clock;
    }

    @Override
    public synchronized void accept(SyncEvent event) {
        progress.onEvent(event, clock.instant());
        if (event instanceof MacroSyncReturn r) {
            peers.put(r.peer(), r);
        } else if (event instanceof SyncEvent.PeerBanned b) {
            banned.put(b.peer(), b);
        } else if (event instanceof SyncEvent.Synced) {
            synced = true;
        } else if (event instanceof SyncEvent.SyncFailed f) {
            syncing = false;
            failure = f.reason();
        } else if (event instanceof SyncEvent.Stopped) {
            syncing = false;
        }
    }

    @Override
    public synchronized ObjectNode status() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        SyncProgress.Snapshot s = progress.snapshot(clock.instant());
        ObjectNode out = nodes.objectNode().put("syncing", syncing).put("synced", synced);
        if (failure != null) {
            out.put("failure", failure);
        }
        out.putObject("progress")
                .put("epochsApplied", s.epochsApplied())
                .put("epochsTotal", s.epochsTotal())
                .put("transactionsApplied", s.itemsApplied())
                .put("transactionsEstimated", s.itemsEstimated())
                .put("batchSetsApplied", s.batchSets())
                .put("transactionsPerSecond", Math.round(s.itemsPerSecond()))
                .put("targetBlock", s.targetBlock());
        ArrayNode peerList = out.putArray("peers");
        peers.forEach((peer, result) -> peerList.addObject()
                .put("peer", peer.value())
                .put("result", result.getClass().getSimpleName()));
        ArrayNode bans = out.putArray("banned");
        banned.forEach((peer, ban) -> bans.addObject()
                .put("peer", peer.value())
                .put("fault", ban.fault().toString())
                .put("detail", ban.detail()));
        return out;
    }
}
