package io.hms.actors.sync;

import io.hms.actors.events.SyncEvent;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * A subscriber that feeds one materialization of {@link HistorySync#events()}: it offers each
 * event to the stream's bounded queue and completes the stream after a terminal event or when the
 * sync is gone; it stops when the stream was cancelled (the supervisor watches it and drops it).
 */
final class EventForwarder {
    private EventForwarder() {}

    static Behavior<SyncEvent> create(BoundedSourceQueue<SyncEvent> queue, ActorRef<?> sync) {
        return Behaviors.setup(ctx -> {
            ctx.watch(sync);
            return Behaviors.receive(SyncEvent.class)
                    .onMessage(SyncEvent.class, event -> {
                        QueueOfferResult result = queue.offer(event);
                        if (result == QueueOfferResult.closed() || result instanceof QueueOfferResult.Failure) {
                            return Behaviors.stopped(); // the consumer cancelled
                        }
                        if (result == QueueOfferResult.dropped()) {
                            ctx.getLog()
                                    .warn(
                                            "event consumer too slow; dropped {}",
                                            event.getClass().getSimpleName());
                        }
                        if (SyncEvent.isTerminal(event)) {
                            complete(queue);
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        complete(queue);
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    /** Completes the stream unless the consumer cancelled it meanwhile. */
    private static void complete(BoundedSourceQueue<SyncEvent> queue) {
        try {
            queue.complete();
        } catch (IllegalStateException alreadyClosed) {
            // nothing left to complete
        }
    }
}
