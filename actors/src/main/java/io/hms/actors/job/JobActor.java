package io.hms.actors.job;

import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.serialization.WireSerializable;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.LeafHashes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The one owner of the job queue (SPEC §4.2 {@code jobQueue}, §4.10): applies the batch sets that
 * cluster actors hand it directly, strictly in the order they are queued, one push at a time on
 * the blocking dispatcher; its owner only hears events ({@link Queued}, {@link Applied}, …). At most {@code maxQueued} jobs are queued: an
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

    /**
     * Apply {@code batchSet} of cluster {@code clusterId}; {@code ackTo} hears when it is queued (or
     * dropped). If {@code staged}, its items were staged before by {@link Stage} jobs.
     */
    public record Push(long clusterId, CompleteBatchSet batchSet, boolean staged, ActorRef<Accepted> ackTo)
            implements Command, WireSerializable {
        public Push {
            Objects.requireNonNull(batchSet, "batchSet");
            Objects.requireNonNull(ackTo, "ackTo");
        }
    }

    /**
     * Stage verified items of the batch set that {@code blockHash} closes, with their hashes from
     * chunk verification; queued like a push.
     */
    public record Stage(
            long clusterId,
            Hash blockHash,
            long blockNumber,
            long firstLeafIndex,
            List<HistoricTransaction> items,
            LeafHashes hashes,
            ActorRef<Accepted> ackTo)
            implements Command, WireSerializable {
        public Stage {
            items = List.copyOf(items);
            Objects.requireNonNull(ackTo, "ackTo");
            if (hashes.size() != items.size()) {
                throw new IllegalArgumentException(hashes.size() + " leaf hashes for " + items.size() + " items");
            }
        }

        /** A stage job whose items are hashed here, on the calling thread. */
        public Stage(
                long clusterId,
                Hash blockHash,
                long blockNumber,
                long firstLeafIndex,
                List<HistoricTransaction> items,
                ActorRef<Accepted> ackTo) {
            this(clusterId, blockHash, blockNumber, firstLeafIndex, items, LeafHashes.of(items), ackTo);
        }
    }

    /** The acknowledgement of a {@link Push}: {@code queued} is false if its cluster was evicted. */
    public record Accepted(long clusterId, Hash blockHash, boolean queued) implements WireSerializable {}

    /**
     * Cluster {@code clusterId} has handed over all its batch sets; report it when they are applied.
     * {@code tip}: the hash of its last election block, verified, if it completed (the range after it
     * links to it).
     */
    public record Finish(long clusterId, ClusterOutcome outcome, Optional<Hash> tip)
            implements Command, CborSerializable {
        public Finish {
            Objects.requireNonNull(tip, "tip");
        }

        public Finish(long clusterId, ClusterOutcome outcome) {
            this(clusterId, outcome, Optional.empty());
        }
    }

    /**
     * The download of cluster {@code clusterId} starts: its offers pass the reorder window, and, with
     * an {@code anchor}, none is applied before the range before it ended on a verified block of that
     * hash (docs/ARCHITECTURE.md "Ranges in parallel").
     */
    public record OpenRange(long clusterId, Optional<Hash> anchor) implements Command, CborSerializable {}

    /** Drop every job of the cluster that has not started; its later offers are dropped too. */
    public record Evict(long clusterId) implements Command, CborSerializable {}

    /** Finish the running push, then stop and answer {@code replyTo}. */
    public record Shutdown(ActorRef<Done> replyTo) implements Command, CborSerializable {}

    /** The store answered a push (which may still be a refusal). */
    private record PushDone(Push job, StoreWrites.Pushed pushed) implements Command {
        PushResult result() {
            return pushed.result();
        }
    }

    /** The store threw while pushing: {@code error} describes the exception. */
    private record PushThrew(Push job, String error) implements Command {}

    /** Staging ended: normally (empty) or with the description of what the store threw. */
    private record StageDone(Stage job, Optional<String> failure) implements Command {}

    /** What the JobActor reports to its owner. */
    public sealed interface Event extends CborSerializable {}

    /** A batch set of epoch {@code epoch} was accepted into the queue (its cluster's ack follows). */
    public record Queued(long clusterId, long epoch, Hash blockHash) implements Event {}

    /** A batch set extended the chain. */
    public record Applied(long clusterId, CompleteBatchSet batchSet, PushResult.Extended result) implements Event {}

    /** The store already held the batch set's block on its main chain, or our head had moved past it; nothing was written. */
    public record AlreadyApplied(long clusterId, CompleteBatchSet batchSet) implements Event {}

    /** A batch set was not applied; the rest of its cluster's jobs were evicted. */
    public record PushFailed(
            long clusterId,
            Hash blockHash,
            long blockNumber,
            PushFailure failure,
            Optional<PushError> error,
            String detail)
            implements Event {}

    /** The finish job of a cluster reached the front: all its batch sets were applied. */
    public record FinishReached(long clusterId, ClusterOutcome outcome) implements Event {}

    /** A range was dropped before anything of it was applied ({@code reason}); later ranges too. */
    public record RangeDropped(long clusterId, String reason) implements Event {}

    private final StoreWrites store;
    private final ActorRef<Event> owner;
    private final int maxQueued;
    private final long maxQueuedItems;
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private final ArrayDeque<Command> parked = new ArrayDeque<>();
    private final Set<Long> evicted = new HashSet<>();
    private final Map<Hash, Long> staged = new HashMap<>();
    /** Jobs held in the reorder window whose range was acknowledged then: not acknowledged again. */
    private final Set<Command> acknowledged = Collections.newSetFromMap(new IdentityHashMap<>());

    private final JobRanges ranges;
    private final JobRanges.Effects effects = new RangeEffects();
    private boolean running;
    private ActorRef<Done> shutdownReply;

    /** A job actor without a limit on the history items its queue holds (only on its jobs). */
    public static Behavior<Command> create(Blockchain chain, ActorRef<Event> owner, int maxQueued) {
        return create(chain, owner, maxQueued, Long.MAX_VALUE, ReorderSettings.DEFAULTS);
    }

    /** A job actor with a limit on its queue's history items, ranges one at a time (tests). */
    public static Behavior<Command> create(
            Blockchain chain, ActorRef<Event> owner, int maxQueued, long maxQueuedItems) {
        return create(chain, owner, maxQueued, maxQueuedItems, ReorderSettings.DEFAULTS);
    }

    /** A job actor without a limit on its queue's history items whose ranges pass {@code reorder} (tests). */
    public static Behavior<Command> create(
            Blockchain chain, ActorRef<Event> owner, int maxQueued, ReorderSettings reorder) {
        return create(chain, owner, maxQueued, Long.MAX_VALUE, reorder);
    }

    /**
     * A job actor whose queue holds at most {@code maxQueued} jobs and, beyond its first job, at most
     * {@code maxQueuedItems} history items ({@code hms.sync.max-queued-items}): the items of a queued
     * batch set are held in memory until it is applied, and a batch set's size is the serving peer's
     * choice, so a count of jobs alone does not bound the memory they hold. Ranges downloading in
     * parallel pass a reorder window of {@code reorder}.
     */
    public static Behavior<Command> create(
            Blockchain chain, ActorRef<Event> owner, int maxQueued, long maxQueuedItems, ReorderSettings reorder) {
        return Behaviors.setup(ctx -> new JobActor(ctx, chain, owner, maxQueued, maxQueuedItems, reorder));
    }

    private JobActor(
            ActorContext<Command> context,
            Blockchain chain,
            ActorRef<Event> owner,
            int maxQueued,
            long maxQueuedItems,
            ReorderSettings reorder) {
        super(context);
        context.setLoggerName(JobActor.class);
        this.store = new StoreWrites(
                chain,
                context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(HmsSettings.STORE_DISPATCHER)));
        this.owner = owner;
        this.maxQueued = maxQueued;
        this.maxQueuedItems = maxQueuedItems;
        this.ranges = new JobRanges(reorder);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Push.class, this::onPush)
                .onMessage(Stage.class, this::onStage)
                .onMessage(Finish.class, this::onFinish)
                .onMessage(OpenRange.class, this::onOpenRange)
                .onMessage(Evict.class, this::onEvict)
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(PushDone.class, this::onPushDone)
                .onMessage(PushThrew.class, this::onPushThrew)
                .onMessage(StageDone.class, this::onStageDone)
                .build();
    }

    private Behavior<Command> onPush(Push push) {
        return offer(push);
    }

    private Behavior<Command> onStage(Stage stage) {
        return offer(stage);
    }

    /** Queues a push or stage job once there is room; refuses it if its cluster was evicted. */
    private Behavior<Command> offer(Command job) {
        long cluster = clusterOf(job);
        if (evicted.contains(cluster) || shutdownReply != null) {
            refuse(job);
        } else if (ranges.isOpen(cluster)) {
            ranges.offer(cluster, job, itemsOf(job), effects);
            admitParked();
            drive();
        } else {
            parked.addLast(job);
            admitParked();
            drive();
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish finish) {
        if (evicted.contains(finish.clusterId())) {
            return this;
        }
        if (ranges.isOpen(finish.clusterId())) {
            ranges.ended(finish, effects);
            admitParked();
        } else {
            queue.addLast(finish);
        }
        drive();
        return this;
    }

    private Behavior<Command> onOpenRange(OpenRange open) {
        ranges.open(open.clusterId(), open.anchor(), effects);
        return this;
    }

    private Behavior<Command> onEvict(Evict e) {
        evict(e.clusterId());
        ranges.failed(e.clusterId(), effects);
        admitParked();
        drive();
        return this;
    }

    private Behavior<Command> onShutdown(Shutdown s) {
        shutdownReply = s.replyTo();
        parked.forEach(JobActor::refuse);
        parked.clear();
        if (!running) {
            s.replyTo().tell(Done.getInstance());
            return Behaviors.stopped();
        }
        return this;
    }

    private Behavior<Command> onPushDone(PushDone done) {
        Push job = pushEnded(done.job());
        CompleteBatchSet set = job.batchSet();
        if (done.result() instanceof PushResult.Extended extended) {
            getContext()
                    .getLog()
                    .debug(
                            "applied cluster={} block={} leaves+={}",
                            job.clusterId(),
                            set.block().blockNumber(),
                            extended.appendedLeaves());
            owner.tell(new Applied(job.clusterId(), set, extended));
        } else if (done.result() instanceof PushResult.Known && done.pushed().knownOnMainChain()) {
            getContext()
                    .getLog()
                    .debug(
                            "already applied cluster={} block={}",
                            job.clusterId(),
                            set.block().blockNumber());
            owner.tell(new AlreadyApplied(job.clusterId(), set));
        } else if (done.result() instanceof PushResult.Ignored ignored) {
            // SPEC §7.2 item 23: our head moved past the block (live sync applied a later one); nothing was
            // written, and every later push of the cluster is still checked against our head, so go on
            getContext()
                    .getLog()
                    .debug(
                            "below our head cluster={} block={} head={}",
                            job.clusterId(),
                            set.block().blockNumber(),
                            ignored.macroHeadNumber());
            owner.tell(new AlreadyApplied(job.clusterId(), set));
        } else {
            pushFailed(job, StoreWrites.failure(job, done.result()));
        }
        return next();
    }

    private Behavior<Command> onPushThrew(PushThrew threw) {
        Push job = pushEnded(threw.job());
        pushFailed(job, StoreWrites.storeError(job, threw.error()));
        return next();
    }

    /** The running push ended: it leaves the queue and its staged leaves are no longer pending. */
    private Push pushEnded(Push job) {
        running = false;
        queue.pollFirst();
        staged.remove(job.batchSet().block().hash());
        return job;
    }

    private void pushFailed(Push job, PushFailed failed) {
        getContext()
                .getLog()
                .warn(
                        "push failed cluster={} block={} failure={} detail={}",
                        job.clusterId(),
                        job.batchSet().block().blockNumber(),
                        failed.failure(),
                        failed.detail());
        evict(job.clusterId());
        ranges.failed(job.clusterId(), effects);
        if (job.staged()) {
            discard(job.batchSet().block().hash());
        }
        owner.tell(failed);
    }

    private Behavior<Command> onStageDone(StageDone done) {
        running = false;
        queue.pollFirst();
        Stage job = done.job();
        if (done.failure().isPresent()) {
            getContext()
                    .getLog()
                    .warn(
                            "staging failed cluster={} block={} detail={}",
                            job.clusterId(),
                            job.blockNumber(),
                            done.failure().get());
            evict(job.clusterId());
            ranges.failed(job.clusterId(), effects);
            owner.tell(new PushFailed(
                    job.clusterId(),
                    job.blockHash(),
                    job.blockNumber(),
                    PushFailure.STORE_ERROR,
                    Optional.empty(),
                    "staging failed: " + done.failure().get()));
        }
        return next();
    }

    /** After a job: stop if shutting down, else admit waiting offers and start the next job. */
    private Behavior<Command> next() {
        if (shutdownReply != null) {
            shutdownReply.tell(Done.getInstance());
            return Behaviors.stopped();
        }
        admitParked();
        drive();
        return this;
    }

    /**
     * Moves parked offers into the queue while there is room, acknowledging each. Room is a free job
     * slot and, unless the queue holds no items at all (so a batch set larger than the limit still
     * passes, alone), room for the offer's items under {@code maxQueuedItems}.
     */
    private void admitParked() {
        while (!parked.isEmpty() && queue.size() < maxQueued && fitsItems(parked.peekFirst())) {
            Command job = parked.pollFirst();
            queue.addLast(job);
            boolean ack = !acknowledged.remove(job);
            if (job instanceof Finish) {
                continue; // a range's finish, queued behind its forwarded jobs
            }
            if (job instanceof Push p) {
                owner.tell(new Queued(
                        p.clusterId(),
                        p.batchSet().epoch(),
                        p.batchSet().block().hash()));
                if (ack) {
                    p.ackTo()
                            .tell(new Accepted(
                                    p.clusterId(), p.batchSet().block().hash(), true));
                }
            } else {
                Stage st = (Stage) job;
                staged.put(st.blockHash(), st.clusterId());
                if (ack) {
                    st.ackTo().tell(new Accepted(st.clusterId(), st.blockHash(), true));
                }
            }
        }
    }

    private static void refuse(Command job) {
        if (job instanceof Push p) {
            p.ackTo().tell(new Accepted(p.clusterId(), p.batchSet().block().hash(), false));
        } else if (job instanceof Stage st) {
            st.ackTo().tell(new Accepted(st.clusterId(), st.blockHash(), false));
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
            running = true;
            if (front instanceof Stage stage) {
                getContext()
                        .pipeToSelf(
                                store.stage(stage),
                                (ok, error) -> new StageDone(
                                        stage, Optional.ofNullable(error).map(StoreWrites::describe)));
            } else {
                Push push = (Push) front;
                getContext()
                        .pipeToSelf(
                                store.push(push),
                                (result, error) -> error == null
                                        ? new PushDone(push, result)
                                        : new PushThrew(push, StoreWrites.describe(error)));
            }
        }
    }

    private void discard(Hash blockHash) {
        staged.remove(blockHash);
        store.discard(blockHash);
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
            Command job = it.next();
            if (clusterOf(job) == clusterId) {
                it.remove();
                if (!acknowledged.remove(job)) {
                    refuse(job);
                }
            }
        }
        List<Hash> abandoned = new ArrayList<>();
        staged.forEach((hash, cluster) -> {
            if (cluster == clusterId) {
                abandoned.add(hash);
            }
        });
        abandoned.forEach(this::discard);
    }

    private boolean fitsItems(Command job) {
        long queued = 0;
        for (Command queuedJob : queue) {
            queued += itemsOf(queuedJob);
        }
        return queued == 0 || queued + itemsOf(job) <= maxQueuedItems;
    }

    /** History items a job holds in memory until it is applied: its weight in the queue and the reorder window. */
    private static long itemsOf(Command job) {
        if (job instanceof Push p) {
            return p.batchSet().items().size();
        }
        return job instanceof Stage s ? s.items().size() : 0;
    }

    /** Carries out the reorder window's decisions on this actor's queue. */
    private final class RangeEffects implements JobRanges.Effects {
        @Override
        public void forward(Command job, boolean alreadyAcknowledged) {
            if (alreadyAcknowledged) {
                acknowledged.add(job);
            }
            parked.addLast(job);
        }

        @Override
        public void acknowledge(Command job) {
            if (job instanceof Push p) {
                p.ackTo().tell(new Accepted(p.clusterId(), p.batchSet().block().hash(), true));
            } else if (job instanceof Stage st) {
                st.ackTo().tell(new Accepted(st.clusterId(), st.blockHash(), true));
            }
        }

        @Override
        public void refuse(Command job) {
            JobActor.refuse(job);
        }

        @Override
        public void finish(Finish finish) {
            parked.addLast(finish);
        }

        @Override
        public void dropped(long rangeId, String reason, boolean report) {
            getContext().getLog().info("range {} dropped: {}", rangeId, reason);
            evict(rangeId);
            if (report) {
                owner.tell(new RangeDropped(rangeId, reason));
            }
        }
    }

    private static long clusterOf(Command job) {
        if (job instanceof Push p) {
            return p.clusterId();
        }
        return job instanceof Stage s ? s.clusterId() : ((Finish) job).clusterId();
    }
}
