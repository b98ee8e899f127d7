package io.hms.actors.worker;

import io.hms.actors.serialization.WireSerializable;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The coordinator's door for workers: registered with the Receptionist under {@link #KEY}, it
 * answers each {@link WorkerActor} that registers with the chain's identity ({@link
 * WorkerActor.Welcome}), watches it, and tells its owner (the sync supervisor) that the worker
 * joined or left. A worker that stops, leaves the cluster or is downed after a crash is reported
 * {@link WorkerLeft} once; the owner then re-assigns its ranges.
 */
public final class WorkerDesk extends AbstractBehavior<WorkerDesk.Command> {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "hms-worker-desk");

    public sealed interface Command {}

    /** A worker offers to download and verify up to {@code capacity} ranges at once. */
    public record Register(ActorRef<WorkerActor.Command> worker, int capacity) implements Command, WireSerializable {
        public Register {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be positive: " + capacity);
            }
        }
    }

    private record WorkerStopped(ActorRef<WorkerActor.Command> worker) implements Command {}

    /** What the desk tells its owner. */
    public sealed interface Event {}

    public record WorkerJoined(ActorRef<WorkerActor.Command> worker, int capacity) implements Event {}

    public record WorkerLeft(ActorRef<WorkerActor.Command> worker) implements Event {}

    private final WorkerActor.Welcome welcome;
    private final ActorRef<Event> owner;
    private final Set<ActorRef<WorkerActor.Command>> workers = new HashSet<>();

    public static Behavior<Command> create(WorkerActor.Welcome welcome, ActorRef<Event> owner) {
        return Behaviors.setup(ctx -> new WorkerDesk(ctx, welcome, owner));
    }

    private WorkerDesk(ActorContext<Command> context, WorkerActor.Welcome welcome, ActorRef<Event> owner) {
        super(context);
        this.welcome = welcome;
        this.owner = owner;
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Register.class, this::onRegister)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .build();
    }

    private Behavior<Command> onRegister(Register r) {
        r.worker().tell(welcome);
        if (workers.add(r.worker())) {
            getContext()
                    .getLog()
                    .info("worker {} joined (capacity {})", r.worker().path(), r.capacity());
            getContext().watchWith(r.worker(), new WorkerStopped(r.worker()));
            owner.tell(new WorkerJoined(r.worker(), r.capacity()));
        }
        return this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped s) {
        if (workers.remove(s.worker())) {
            getContext()
                    .getLog()
                    .warn(
                            "worker {} left; its ranges are re-assigned",
                            s.worker().path());
            owner.tell(new WorkerLeft(s.worker()));
        }
        return this;
    }
}
