package io.hms.actors.sync;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.network.Network;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.Blockchain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The embedding API: starts a History Macro Sync over a node's own {@link Blockchain} and {@link
 * Network} and hands out its events. One instance per running sync; thread-safe.
 *
 * <pre>{@code
 * HistorySync sync = HistorySync.start(system, chain, network, HmsSettings.create(system.settings().config()));
 * sync.events().runForeach(e -> System.out.println(e), system);
 * SyncEvent.Synced synced = sync.whenSynced().toCompletableFuture().get();
 * sync.stop().toCompletableFuture().get(); // then close the chain
 * }</pre>
 */
public final class HistorySync {
    /** Events buffered per {@link #events()} materialization before the newest are dropped. */
    public static final int EVENT_BUFFER = 4096;

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TERMINATION_GRACE = Duration.ofSeconds(5);
    private static final AtomicLong SEQ = new AtomicLong();

    private final ActorSystem<?> system;
    private final ActorRef<HistoryMacroSync.Command> supervisor;
    /** Completes when the supervisor has stopped, whether asked to or after a failure. */
    private final CompletableFuture<Done> terminated = new CompletableFuture<>();

    private HistorySync(ActorSystem<?> system, ActorRef<HistoryMacroSync.Command> supervisor) {
        this.system = system;
        this.supervisor = supervisor;
        system.systemActorOf(watcher(supervisor, terminated), "hms-sync-watch-" + SEQ.incrementAndGet(), Props.empty());
    }

    private static Behavior<Void> watcher(ActorRef<?> target, CompletableFuture<Done> done) {
        return Behaviors.setup(context -> {
            context.watch(target);
            return Behaviors.receive(Void.class)
                    .onSignal(Terminated.class, t -> {
                        done.complete(Done.getInstance());
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    /** Starts the sync as a system actor of {@code system}; it runs until {@link #stop()}. */
    public static HistorySync start(ActorSystem<?> system, Blockchain chain, Network network, HmsSettings settings) {
        return start(system, chain, network, settings, List.of());
    }

    /**
     * Starts the sync with {@code subscribers} that receive every event from the very start, before
     * any peer is heard of (a subscriber added later gets each peer's latest result, not all events).
     */
    public static HistorySync start(
            ActorSystem<?> system,
            Blockchain chain,
            Network network,
            HmsSettings settings,
            List<ActorRef<SyncEvent>> subscribers) {
        ActorRef<HistoryMacroSync.Command> ref = system.systemActorOf(
                HistoryMacroSync.create(chain, network, settings, subscribers),
                "hms-sync-" + SEQ.incrementAndGet(),
                Props.empty());
        return new HistorySync(system, ref);
    }

    /** Starts the sync as a child of the calling actor, which stops it by stopping. */
    public static HistorySync start(ActorContext<?> context, Blockchain chain, Network network, HmsSettings settings) {
        ActorRef<HistoryMacroSync.Command> ref =
                context.spawn(HistoryMacroSync.create(chain, network, settings), "hms-sync-" + SEQ.incrementAndGet());
        return new HistorySync(context.getSystem(), ref);
    }

    /**
     * Every event from now on, starting with each connected peer's latest result (and {@link
     * SyncEvent.Synced} if the node is synced). Each materialization subscribes anew; the stream
     * completes after {@link SyncEvent.Stopped} or {@link SyncEvent.SyncFailed}.
     */
    public Source<SyncEvent, NotUsed> events() {
        return Source.<SyncEvent>queue(EVENT_BUFFER).mapMaterializedValue(queue -> {
            ActorRef<SyncEvent> forwarder = system.systemActorOf(
                    EventForwarder.create(queue, supervisor),
                    "hms-sync-events-" + SEQ.incrementAndGet(),
                    Props.empty());
            supervisor.tell(new HistoryMacroSync.Subscribe(forwarder, system.ignoreRef()));
            return NotUsed.getInstance();
        });
    }

    /** Sends every event to {@code subscriber}; the stage completes once it is subscribed. */
    public CompletionStage<Done> subscribe(ActorRef<SyncEvent> subscriber) {
        return AskPattern.ask(
                supervisor, r -> new HistoryMacroSync.Subscribe(subscriber, r), ASK_TIMEOUT, system.scheduler());
    }

    public void unsubscribe(ActorRef<SyncEvent> subscriber) {
        supervisor.tell(new HistoryMacroSync.Unsubscribe(subscriber));
    }

    /**
     * Completes when at least {@code hms.node.min-good-peers} peers are Good and no cluster, job or
     * request is pending — at once if that is already so. Fails if the sync stops first.
     */
    public CompletionStage<SyncEvent.Synced> whenSynced() {
        return events().filter(e -> e instanceof SyncEvent.Synced)
                .map(e -> (SyncEvent.Synced) e)
                .runWith(Sink.head(), system);
    }

    /** Asks every connected peer that is in no cluster for epoch ids again. */
    public void recheck() {
        supervisor.tell(HistoryMacroSync.Recheck.INSTANCE);
    }

    public CompletionStage<SyncStatus> status() {
        return AskPattern.ask(supervisor, HistoryMacroSync.GetStatus::new, ASK_TIMEOUT, system.scheduler());
    }

    /** Stops the sync; completes once the running push (if any) is done and the store is no longer used. */
    public CompletionStage<Done> stop() {
        return stop(Duration.ofMinutes(2));
    }

    /**
     * Like {@link #stop()}; completes at once if the sync has already ended (after {@link
     * SyncEvent.SyncFailed} the supervisor is gone and nobody would answer the request).
     */
    public CompletionStage<Done> stop(Duration timeout) {
        if (terminated.isDone()) {
            return terminated;
        }
        CompletableFuture<Done> result = new CompletableFuture<>();
        terminated.thenAccept(result::complete);
        AskPattern.ask(supervisor, HistoryMacroSync.Stop::new, timeout, system.scheduler())
                .whenComplete((done, error) -> {
                    if (error == null) {
                        result.complete(done);
                    } else {
                        // the ask also fails at once when the supervisor is already terminated; give its
                        // Terminated signal a moment to arrive before reporting the failure
                        system.scheduler()
                                .scheduleOnce(
                                        TERMINATION_GRACE,
                                        () -> result.completeExceptionally(error),
                                        system.executionContext());
                    }
                });
        return result;
    }

    /** The supervisor, for hosts that talk to it directly. */
    public ActorRef<HistoryMacroSync.Command> ref() {
        return supervisor;
    }
}
