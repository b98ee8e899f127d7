package io.hms.actors.sync;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The supervisor's subscribers. A new subscriber first gets every connected peer's latest result
 * and, if the node is synced, the last {@link SyncEvent.Synced}, so a subscriber that arrives late
 * (or a {@code whenSynced} asked after the fact) still learns the current state; progress events
 * are only sent live.
 */
final class SyncEventPublisher {
    private final Set<ActorRef<SyncEvent>> subscribers = new LinkedHashSet<>();
    private final LinkedHashMap<PeerId, MacroSyncReturn> latest = new LinkedHashMap<>();
    private final Map<PeerId, Long> reportedAtHead = new HashMap<>();
    private final LongSupplier head;
    private Optional<SyncEvent.Synced> synced = Optional.empty();

    /** @param head our head block number, recorded with each peer's result */
    SyncEventPublisher(LongSupplier head) {
        this.head = head;
    }

    void subscribe(ActorRef<SyncEvent> subscriber) {
        if (subscribers.add(subscriber)) {
            latest.values().forEach(subscriber::tell);
            synced.ifPresent(subscriber::tell);
        }
    }

    void unsubscribe(ActorRef<SyncEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    void publish(SyncEvent event) {
        if (event instanceof MacroSyncReturn r) {
            latest.remove(r.peer());
            latest.put(r.peer(), r);
            reportedAtHead.put(r.peer(), head.getAsLong());
        }
        subscribers.forEach(s -> s.tell(event));
    }

    /** The peer left: its result is no longer current. */
    void forget(PeerId peer) {
        latest.remove(peer);
        reportedAtHead.remove(peer);
    }

    Optional<MacroSyncReturn> latest(PeerId peer) {
        return Optional.ofNullable(latest.get(peer));
    }

    List<PeerId> goodPeers() {
        List<PeerId> good = new ArrayList<>();
        latest.forEach((peer, r) -> {
            if (r instanceof MacroSyncReturn.Good) {
                good.add(peer);
            }
        });
        return good;
    }

    List<PeerId> outdatedPeers() {
        List<PeerId> out = new ArrayList<>();
        latest.forEach((peer, r) -> {
            if (r instanceof MacroSyncReturn.Outdated) {
                out.add(peer);
            }
        });
        return out;
    }

    /**
     * Peers reported Outdated because everything they offered was already being downloaded, while
     * our head was below {@code now}: what they offered has been applied since, so they may have more.
     */
    List<PeerId> nothingNewBefore(long now) {
        List<PeerId> out = new ArrayList<>();
        latest.forEach((peer, r) -> {
            if (r instanceof MacroSyncReturn.Outdated o
                    && o.reason() == OutdatedReason.NOTHING_NEW
                    && reportedAtHead.getOrDefault(peer, now) < now) {
                out.add(peer);
            }
        });
        return out;
    }

    boolean isSynced() {
        return synced.isPresent();
    }

    /** Records the synced state; publishes {@code now} if the node just became synced. */
    void synced(Optional<SyncEvent.Synced> now) {
        boolean was = synced.isPresent();
        synced = now;
        if (!was && now.isPresent()) {
            publish(now.get());
        }
    }
}
