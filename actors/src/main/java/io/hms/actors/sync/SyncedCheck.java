package io.hms.actors.sync;

import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.LifecycleState;
import java.util.List;
import java.util.Optional;

/**
 * Whether the node is synced: at least {@code min-good-peers} connected peers Good and nothing
 * pending (no cluster, job, epoch-id request or deferred reply). When nothing is pending, peers
 * that had nothing new while our head was lower are asked again first: what they offered was being
 * downloaded then, so they may well be Good now. Used only from the supervisor's thread.
 */
final class SyncedCheck {
    private final SyncEventPublisher publisher;
    private final SyncPeers peers;
    private final EpochIdAsker asker;
    private final ChainReader chain;
    private final int minGoodPeers;

    SyncedCheck(
            SyncEventPublisher publisher, SyncPeers peers, EpochIdAsker asker, ChainReader chain, int minGoodPeers) {
        this.publisher = publisher;
        this.peers = peers;
        this.asker = asker;
        this.chain = chain;
        this.minGoodPeers = minGoodPeers;
    }

    /** Records (and on a change to synced, publishes) whether the node is synced now. */
    void check(LifecycleState state, boolean stopping) {
        boolean quiet = !stopping && state.idle() && peers.epochIdRequests() == 0;
        if (quiet) {
            publisher.nothingNewBefore(chain.headBlockNumber()).forEach(p -> asker.ask(p, state.clustering()));
        }
        List<PeerId> good =
                publisher.goodPeers().stream().filter(peers::isConnected).toList();
        boolean synced = quiet && peers.epochIdRequests() == 0 && good.size() >= minGoodPeers;
        publisher.synced(
                synced
                        ? Optional.of(new SyncEvent.Synced(good, chain.electionHeadEpoch(), chain.headBlockNumber()))
                        : Optional.empty());
    }
}
