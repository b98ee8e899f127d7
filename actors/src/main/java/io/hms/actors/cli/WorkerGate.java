package io.hms.actors.cli;

import io.hms.actors.node.SyncingNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * {@code hms sync --role coordinator --workers N}: waits until N workers are Up members ({@link
 * #await}), then, once the sync runs, until they have registered with its desk ({@link
 * #awaitRegistered}), before any peer is dialed: a range starts on a worker only if one is
 * registered when the range is assigned, and a small chain could otherwise be downloaded by the
 * coordinator alone before the first worker's registration arrived.
 */
final class WorkerGate {
    /** How long the coordinator waits for its workers at most (a worker retries joining every few seconds). */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    /** How often the coordinator's status is read while waiting for registrations. */
    private static final Duration REGISTRATION_POLL = Duration.ofMillis(50);

    private WorkerGate() {}

    /**
     * Waits until {@code workers} workers have registered with {@code node}'s desk, polling its
     * status; throws when they have not within {@code timeout}.
     */
    static void awaitRegistered(SyncingNode node, int workers, Duration timeout) throws Exception {
        if (workers <= 0) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            registered = node.sync()
                    .status()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .workers();
            if (registered >= workers) {
                return;
            }
            Thread.sleep(REGISTRATION_POLL.toMillis());
        }
        throw new CommandFailure(registered + " of " + Units.count(workers, "worker")
                + " registered with the coordinator within " + Units.duration(timeout)
                + "; see the workers' logs (--workers)");
    }

    static void await(ActorSystem<Void> system, int workers, Duration timeout) throws Exception {
        if (workers <= 0) {
            return;
        }
        CompletableFuture<Void> enough = new CompletableFuture<>();
        system.systemActorOf(
                Behaviors.<ClusterEvent.MemberUp>setup(ctx -> {
                    Cluster.get(system)
                            .subscriptions()
                            .tell(new Subscribe<>(ctx.getSelf(), ClusterEvent.MemberUp.class));
                    // counted from the events themselves: the cluster's read view (state()) may lag behind them
                    Set<Address> up = new HashSet<>();
                    return Behaviors.receiveMessage(event -> {
                        Member m = event.member();
                        if (m.hasRole("worker") && m.status() == MemberStatus.up()) {
                            up.add(m.address());
                        }
                        if (up.size() >= workers) {
                            enough.complete(null);
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    });
                }),
                "hms-worker-gate",
                Props.empty());
        try {
            enough.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandFailure(Units.count(workers, "worker") + " did not join the coordinator within "
                    + Units.duration(timeout) + "; are they started with --join to this --cluster-port? (--workers)");
        }
    }
}
