package io.hms.actors.job;

import io.hms.actors.settings.HmsSettings;
import io.hms.actors.sync.CborSerializable;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.protocol.model.Hash;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Applies downloaded batch sets to the store strictly in the order they are queued (SPEC §4.10),
 * one push at a time on the blocking dispatcher. At most {@code maxQueued} jobs are queued: an
 * offered batch set beyond that waits unacknowledged, which backpressures the cluster that
 * offered it. A push that does not extend the chain evicts the rest of its cluster's jobs (its
 * finish included) and is reported; finishing a cluster is itself a queued job, so a cluster ends
 * only after all its batch sets were applied.
 *
 * <p>Unlike the original (SPEC §7.2 item 23), a batch set the store already holds on its main
 * chain — e.g. applied meanwhile by the host's live sync — does not end its cluster: it is
 * reported as {@link AlreadyApplied} and the cluster goes on.
 */
public final class JobActor extends AbstractBehavior<JobActor.Command> {

  /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
  public sealed interface Command {}

  /** Apply {@code batchSet} of cluster {@code clusterId}; {@code ackTo} hears when it is queued (or dropped). */
  public record Push(long clusterId, CompleteBatchSet batchSet, ActorRef<Accepted> ackTo)
      implements Command, CborSerializable {
    public Push {
      Objects.requireNonNull(batchSet, "batchSet");
      Objects.requireNonNull(ackTo, "ackTo");
    }
  }

  /** The acknowledgement of a {@link Push}: {@code queued} is false if its cluster was evicted. */
  public record Accepted(long clusterId, Hash blockHash, boolean queued) implements CborSerializable {}

  /** Cluster {@code clusterId} has handed over all its batch sets; report it when they are applied. */
  public record Finish(long clusterId, ClusterOutcome outcome) implements Command, CborSerializable {}

  /** Drop every job of the cluster that has not started; its later offers are dropped too. */
  public record Evict(long clusterId) implements Command, CborSerializable {}

  /** Finish the running push, then stop and answer {@code replyTo}. */
  public record Shutdown(ActorRef<Done> replyTo) implements Command, CborSerializable {}

  private record PushDone(Push job, PushResult result, String error) implements Command {}

  /** What the JobActor reports to its owner. */
  public sealed interface Event extends CborSerializable {}

  /** A batch set extended the chain. */
  public record Applied(long clusterId, CompleteBatchSet batchSet, PushResult.Extended result) implements Event {}

  /** The store already held the batch set's block on its main chain; nothing was written. */
  public record AlreadyApplied(long clusterId, CompleteBatchSet batchSet) implements Event {}

  /** A batch set was not applied; the rest of its cluster's jobs were evicted. */
  public record PushFailed(
      long clusterId, Hash blockHash, long blockNumber, PushFailure failure, Optional<PushError> error, String detail)
      implements Event {}

  /** The finish job of a cluster reached the front: all its batch sets were applied. */
  public record FinishReached(long clusterId, ClusterOutcome outcome) implements Event {}

  private final Blockchain chain;
  private final ActorRef<Event> owner;
  private final int maxQueued;
  private final Executor blocking;
  private final ArrayDeque<Command> queue = new ArrayDeque<>();
  private final ArrayDeque<Push> parked = new ArrayDeque<>();
  private final Set<Long> evicted = new HashSet<>();
  private boolean running;
  private ActorRef<Done> shutdownReply;

  public static Behavior<Command> create(Blockchain chain, ActorRef<Event> owner, int maxQueued) {
    return Behaviors.setup(ctx -> new JobActor(ctx, chain, owner, maxQueued));
  }

  private JobActor(ActorContext<Command> context, Blockchain chain, ActorRef<Event> owner, int maxQueued) {
    super(context);
    context.setLoggerName(JobActor.class);
    this.chain = chain;
    this.owner = owner;
    this.maxQueued = maxQueued;
    this.blocking =
        context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(HmsSettings.BLOCKING_DISPATCHER));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Push.class, this::onPush)
        .onMessage(Finish.class, this::onFinish)
        .onMessage(Evict.class, this::onEvict)
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessage(PushDone.class, this::onPushDone)
        .build();
  }

  private Behavior<Command> onPush(Push push) {
    if (evicted.contains(push.clusterId()) || shutdownReply != null) {
      push.ackTo().tell(new Accepted(push.clusterId(), push.batchSet().block().hash(), false));
    } else {
      parked.addLast(push);
      admitParked();
      drive();
    }
    return this;
  }

  private Behavior<Command> onFinish(Finish finish) {
    if (!evicted.contains(finish.clusterId())) {
      queue.addLast(finish);
      drive();
    }
    return this;
  }

  private Behavior<Command> onEvict(Evict e) {
    evict(e.clusterId());
    admitParked();
    drive();
    return this;
  }

  private Behavior<Command> onShutdown(Shutdown s) {
    shutdownReply = s.replyTo();
    parked.forEach(p -> p.ackTo().tell(new Accepted(p.clusterId(), p.batchSet().block().hash(), false)));
    parked.clear();
    if (!running) {
      s.replyTo().tell(Done.getInstance());
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Command> onPushDone(PushDone done) {
    running = false;
    queue.pollFirst();
    Push job = done.job();
    CompleteBatchSet set = job.batchSet();
    if (done.result() instanceof PushResult.Extended extended) {
      getContext().getLog().debug("applied cluster={} block={} leaves+={}", job.clusterId(), set.block().blockNumber(),
          extended.appendedLeaves());
      owner.tell(new Applied(job.clusterId(), set, extended));
    } else if (done.result() instanceof PushResult.Known && chain.isOnMainChain(set.block().hash())) {
      getContext().getLog().debug("already applied cluster={} block={}", job.clusterId(), set.block().blockNumber());
      owner.tell(new AlreadyApplied(job.clusterId(), set));
    } else {
      PushFailed failed = failure(job, done);
      getContext().getLog().warn("push failed cluster={} block={} failure={} detail={}", job.clusterId(),
          set.block().blockNumber(), failed.failure(), failed.detail());
      evict(job.clusterId());
      owner.tell(failed);
    }
    if (shutdownReply != null) {
      shutdownReply.tell(Done.getInstance());
      return Behaviors.stopped();
    }
    admitParked();
    drive();
    return this;
  }

  /** Moves parked offers into the queue while there is room, acknowledging each. */
  private void admitParked() {
    while (!parked.isEmpty() && queue.size() < maxQueued) {
      Push p = parked.pollFirst();
      queue.addLast(p);
      p.ackTo().tell(new Accepted(p.clusterId(), p.batchSet().block().hash(), true));
    }
  }

  /** Starts the front job unless one is running; finish jobs complete at once. */
  private void drive() {
    while (!running && !queue.isEmpty()) {
      Command front = queue.peekFirst();
      if (front instanceof Finish f) {
        queue.pollFirst();
        owner.tell(new FinishReached(f.clusterId(), f.outcome()));
        admitParked();
        continue;
      }
      Push push = (Push) front;
      running = true;
      CompleteBatchSet set = push.batchSet();
      CompletableFuture<PushResult> future =
          CompletableFuture.supplyAsync(() -> chain.pushHistorySync(set.block(), set.firstLeafIndex(), set.items()), blocking);
      getContext().pipeToSelf(future, (result, error) ->
          new PushDone(push, result, error == null ? null : String.valueOf(error.getCause() != null ? error.getCause() : error)));
    }
  }

  private void evict(long clusterId) {
    evicted.add(clusterId);
    boolean first = true;
    for (var it = queue.iterator(); it.hasNext(); ) {
      Command job = it.next();
      boolean runningJob = first && running;
      first = false;
      if (!runningJob && clusterOf(job) == clusterId) {
        it.remove();
      }
    }
    for (var it = parked.iterator(); it.hasNext(); ) {
      Push p = it.next();
      if (p.clusterId() == clusterId) {
        it.remove();
        p.ackTo().tell(new Accepted(clusterId, p.batchSet().block().hash(), false));
      }
    }
  }

  private static long clusterOf(Command job) {
    return job instanceof Push p ? p.clusterId() : ((Finish) job).clusterId();
  }

  private static PushFailed failure(Push job, PushDone done) {
    CompleteBatchSet set = job.batchSet();
    Hash hash = set.block().hash();
    long number = set.block().blockNumber();
    PushResult r = done.result();
    if (r instanceof PushResult.Known) {
      return new PushFailed(job.clusterId(), hash, number, PushFailure.KNOWN, Optional.empty(), "block already stored");
    } else if (r instanceof PushResult.Ignored i) {
      return new PushFailed(job.clusterId(), hash, number, PushFailure.IGNORED, Optional.empty(),
          "block " + i.blockNumber() + " not above macro head " + i.macroHeadNumber());
    } else if (r instanceof PushResult.Rejected rej) {
      return new PushFailed(job.clusterId(), hash, number, PushFailure.REJECTED, Optional.of(rej.error()), rej.detail());
    }
    return new PushFailed(job.clusterId(), hash, number, PushFailure.STORE_ERROR, Optional.empty(),
        String.valueOf(done.error()));
  }
}
