package io.hms.actors.local;

import io.hms.actors.network.NetworkFailure;
import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The hub's outstanding requests per connection, so that a dropped connection fails them at once. */
final class InFlightRequests {
    private final Map<List<PeerId>, Set<CompletableFuture<?>>> byLink = new ConcurrentHashMap<>();

    void add(PeerId requester, PeerId server, CompletableFuture<?> future) {
        byLink.computeIfAbsent(List.of(requester, server), k -> ConcurrentHashMap.newKeySet())
                .add(future);
        future.whenComplete((r, e) -> remove(requester, server, future));
    }

    /** Fails every request between the two nodes, in both directions, as DISCONNECTED. */
    void failLink(PeerId a, PeerId b) {
        List<CompletableFuture<?>> failed = new ArrayList<>();
        for (List<PeerId> link : List.of(List.of(a, b), List.of(b, a))) {
            Set<CompletableFuture<?>> set = byLink.get(link);
            if (set != null) {
                failed.addAll(set);
            }
        }
        for (CompletableFuture<?> f : failed) {
            f.completeExceptionally(new NetworkFailure(NetworkFailure.Kind.DISCONNECTED, "connection closed"));
        }
    }

    private void remove(PeerId requester, PeerId server, CompletableFuture<?> future) {
        Set<CompletableFuture<?>> set = byLink.get(List.of(requester, server));
        if (set != null) {
            set.remove(future);
        }
    }
}
