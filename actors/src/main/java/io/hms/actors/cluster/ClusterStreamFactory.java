package io.hms.actors.cluster;

import io.hms.actors.concurrent.PlainStage;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.SyncActorSettings;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.protocol.Policy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Wires one cluster's download pipeline, top to bottom. Every stage is bounded: at most {@code
 * batch-sets-in-flight} infos and {@code chunks-in-flight} chunks are requested at a time, results
 * stay in id order ({@code mapAsync} is ordered), and the last stage waits until the JobActor has
 * room, so a slow store slows the downloads instead of filling memory.
 *
 * <p>Threads: proofs, hash chains and signatures run on {@code verification} (the {@code
 * hms.verification-dispatcher}), passed to the two steps that verify; the future callbacks between
 * stages only route results, and the stages left on the stream's own dispatcher (plan, assemble)
 * split lists without hashing. Store writes happen behind the hand-off, on the JobActor's {@code
 * hms.store-dispatcher}.
 */
final class ClusterStreamFactory {
    private ClusterStreamFactory() {}

    /** A running pipeline: stop it with the kill switch; {@code done} completes when it ends. */
    record Running(UniqueKillSwitch killSwitch, CompletionStage<Done> done) {}

    static Running run(
            ActorRef<ClusterActor.Command> cluster,
            long clusterId,
            RangeStart start,
            Policy policy,
            SyncSettings settings,
            SyncActorSettings actorSettings,
            Scheduler scheduler,
            Materializer materializer) {
        PeerFetch fetch = new PeerFetch(
                cluster,
                scheduler,
                materializer.executionContext(),
                settings.requestTimeout(),
                PeerActor.replyWithin(settings.requestTimeout(), actorSettings.replyMargin()));
        Executor verification = materializer.system().dispatchers().lookup(HmsSettings.VERIFICATION_DISPATCHER);
        Source<StreamItem, NotUsed> items;
        if (start instanceof RangeStart.Anchor anchor) {
            // the anchor first: nothing is requested for the range's ids before its election block is here
            long firstEpoch = policy.epochAt(anchor.blockNumber()) + 1;
            items = Source.completionStageSource(AnchorStep.fetch(fetch, anchor, policy, verification)
                            .thenApply(known -> known.map(s -> download(
                                            cluster,
                                            clusterId,
                                            s,
                                            policy,
                                            settings,
                                            actorSettings,
                                            scheduler,
                                            fetch,
                                            verification))
                                    .orElseGet(() -> Source.single(new StreamItem.Stop(
                                            firstEpoch,
                                            ClusterOutcome.FAILED,
                                            "no peer gave anchor " + anchor.id().shortHex())))))
                    .mapMaterializedValue(m -> NotUsed.getInstance());
        } else {
            items = download(
                    cluster,
                    clusterId,
                    (ClusterStart) start,
                    policy,
                    settings,
                    actorSettings,
                    scheduler,
                    fetch,
                    verification);
        }
        Duration handOffTimeout = settings.clusterProgressTimeout();
        Pair<UniqueKillSwitch, CompletionStage<Done>> running = items.mapAsync(
                        1, item -> handOff(cluster, item, handOffTimeout, scheduler)) // into the job queue
                .viaMat(KillSwitches.single(), Keep.right()) // ends the download at once, in-flight work is dropped
                .toMat(Sink.ignore(), Keep.both())
                .run(materializer);
        return new Running(running.first(), running.second());
    }

    /** The range's ids, fetched, verified from {@code start} and assembled into complete batch sets, in order. */
    private static Source<StreamItem, NotUsed> download(
            ActorRef<ClusterActor.Command> cluster,
            long clusterId,
            ClusterStart start,
            Policy policy,
            SyncSettings settings,
            SyncActorSettings actorSettings,
            Scheduler scheduler,
            PeerFetch fetch,
            Executor verification) {
        long stageAboveItems = actorSettings.stageAboveItems();
        BatchSetFetchStep fetchInfo = new BatchSetFetchStep(fetch);
        BatchSetVerifyStep verifyInfo =
                new BatchSetVerifyStep(policy, start.verifyState(), fetchInfo, fetch, verification);
        PlanStep plan = new PlanStep(policy, settings.chunkSize(), start, v -> cluster.tell(verified(clusterId, v)));
        ChunkFetchStep fetchChunk = new ChunkFetchStep(fetch, verification, d -> cluster.tell(received(clusterId, d)));
        Duration localTimeout = settings.requestTimeout();
        return Source.unfoldAsync(0, index -> nextId(cluster, index, localTimeout, scheduler)) // the cluster's ids
                .mapAsync(settings.batchSetsInFlight(), fetchInfo::apply) // RequestBatchSet, retried on peers
                .mapAsync(1, verifyInfo::apply) // verified in order on the verification dispatcher
                .mapConcat(plan::apply) // batch sets and the chunks we lack
                .takeWhile(StreamItem::notStop, true)
                .mapAsync(settings.chunksInFlight(), fetchChunk::apply) // RequestHistoryChunk, proved on `verification`
                .takeWhile(StreamItem::notStop, true)
                .statefulMapConcat(() -> new AssembleStep(stageAboveItems)::apply) // complete batch sets, in order
                .takeWhile(StreamItem::notStop, true);
    }

    private static CompletionStage<Optional<Pair<Integer, StreamItem.Id>>> nextId(
            ActorRef<ClusterActor.Command> cluster, int index, Duration timeout, Scheduler scheduler) {
        // PlainStage: the callback runs on the completing thread, never on a thread started for it
        return PlainStage.of(AskPattern.<ClusterActor.Command, ClusterActor.IdReply>ask(
                        cluster, replyTo -> new ClusterActor.NextId(index, replyTo), timeout, scheduler))
                .thenApply(reply -> reply.id().map(id -> Pair.create(index + 1, id)));
    }

    private static CompletionStage<Done> handOff(
            ActorRef<ClusterActor.Command> cluster, StreamItem item, Duration timeout, Scheduler scheduler) {
        return PlainStage.of(
                AskPattern.ask(cluster, replyTo -> new ClusterActor.HandOff(item, replyTo), timeout, scheduler));
    }

    private static ClusterActor.Command verified(long clusterId, StreamItem.Verified v) {
        long number = v.info().finalMacroBlock().orElseThrow().blockNumber();
        SyncEvent event = new SyncEvent.BatchSetVerified(
                clusterId,
                v.peer(),
                v.epoch(),
                number,
                v.info().batchSets().size(),
                v.info().totalHistoryLen(),
                v.verifyNanos());
        return new ClusterActor.InfoVerified(v.id().index(), v.after(), event);
    }

    private static ClusterActor.Command received(long clusterId, StreamItem.ChunkData d) {
        return new ClusterActor.ChunkVerified(new SyncEvent.ChunkReceived(
                clusterId,
                d.peer(),
                d.epoch(),
                d.request().blockNumber(),
                d.request().chunkIndex(),
                d.items().size(),
                d.verifyNanos()));
    }
}
