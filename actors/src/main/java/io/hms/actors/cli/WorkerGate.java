package io.hms.actors.cli;

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

/** {@code hms sync --role coordinator --workers N}: waits until N workers are Up members. */
final class WorkerGate {
    /** How long the coordinator waits for its workers at most (a worker retries joining every few seconds). */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private WorkerGate() {}

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
            throw new IllegalStateException(workers + " workers did not join within " + timeout);
        }
    }
}
