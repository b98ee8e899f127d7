package io.hms.actors.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.testing.Chains;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobActorTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final GeneratorOptions OPTIONS = Chains.unit(61, 2, 0, 2);
    static List<GeneratedBatch> batches;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        batches = new ChainGenerator(OPTIONS).generateAll();
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static CompleteBatchSet set(int i) {
        GeneratedBatch b = batches.get(i);
        return new CompleteBatchSet(
                b.block(),
                b.firstLeafIndex(),
                b.items(),
                0,
                Policy.UNIT.epochAt(b.block().blockNumber()),
                Optional.empty());
    }

    /** Forwards every event but {@link JobActor.Queued} to {@code owner} (tested on its own below). */
    static ActorRef<JobActor.Event> withoutQueued(TestProbe<JobActor.Event> owner) {
        return KIT.spawn(Behaviors.receiveMessage(e -> {
            if (!(e instanceof JobActor.Queued)) {
                owner.getRef().tell(e);
            }
            return Behaviors.same();
        }));
    }

    @Test
    void shouldReportEachPushAsQueuedBeforeAcknowledgingItWhenItIsAdmitted() throws Exception {
        Semaphore permits = new Semaphore(0);
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs =
                    KIT.spawn(JobActor.create(GatedBlockchain.wrap(store.chain(), permits), owner.getRef(), 2));
            for (int i = 0; i < 3; i++) {
                jobs.tell(new JobActor.Push(1, set(i), false, acks.getRef()));
            }
            for (int i = 0; i < 2; i++) {
                assertThat(owner.expectMessageClass(JobActor.Queued.class))
                        .isEqualTo(new JobActor.Queued(
                                1, set(i).epoch(), set(i).block().hash()));
            }
            owner.expectNoMessage(Duration.ofMillis(200)); // the third waits for room, unacknowledged
            permits.release(3);
            assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                    .isEqualTo(set(0));
            assertThat(owner.expectMessageClass(JobActor.Queued.class).blockHash())
                    .isEqualTo(set(2).block().hash());
        }
    }

    @Test
    void shouldApplyInOrderAndReachFinishAfterItsPushesWhenClusterCompletes() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(JobActor.create(store.chain(), withoutQueued(owner), 4));
            for (int i = 0; i < 4; i++) {
                jobs.tell(new JobActor.Push(1, set(i), false, acks.getRef()));
            }
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED));
            for (int i = 0; i < 4; i++) {
                assertThat(acks.receiveMessage().queued()).isTrue();
                JobActor.Applied applied = owner.expectMessageClass(JobActor.Applied.class);
                assertThat(applied.result().blockNumber())
                        .isEqualTo(batches.get(i).block().blockNumber());
            }
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.FinishReached(1, ClusterOutcome.COMPLETED));
            assertThat(store.chain().headBlockNumber())
                    .isEqualTo(batches.get(3).block().blockNumber());
        }
    }

    /** SPEC §7.2 item 23: a block the store already holds on its main chain does not end the cluster. */
    @Test
    void shouldGoOnWithClusterWhenBlockWasAlreadyApplied() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestChains.push(store.chain(), batches.subList(0, 1));
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(JobActor.create(store.chain(), withoutQueued(owner), 4));
            jobs.tell(new JobActor.Push(1, set(0), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, acks.getRef()));
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED));
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.AlreadyApplied(1, set(0)));
            assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                    .isEqualTo(set(1));
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.FinishReached(1, ClusterOutcome.COMPLETED));
        }
    }

    /** A large batch set arrives chunk by chunk into the store's staging area and is pushed from there. */
    @Test
    void shouldPushFromStagingWhenBatchSetWasStagedChunkByChunk() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(JobActor.create(store.chain(), withoutQueued(owner), 2));
            CompleteBatchSet whole = set(0);
            var items = whole.items();
            int half = items.size() / 2;
            var hash = whole.block().hash();
            long number = whole.block().blockNumber();
            jobs.tell(
                    new JobActor.Stage(1, hash, number, whole.firstLeafIndex(), items.subList(0, half), acks.getRef()));
            jobs.tell(new JobActor.Stage(
                    1, hash, number, whole.firstLeafIndex() + half, items.subList(half, items.size()), acks.getRef()));
            CompleteBatchSet empty =
                    new CompleteBatchSet(whole.block(), whole.firstLeafIndex(), List.of(), 0, 1, Optional.empty());
            jobs.tell(new JobActor.Push(1, empty, true, acks.getRef()));
            assertThat(acks.receiveSeveralMessages(3)).allMatch(JobActor.Accepted::queued);
            JobActor.Applied applied = owner.expectMessageClass(JobActor.Applied.class);
            assertThat(applied.result().appendedLeaves()).isEqualTo(items.size());
            assertThat(store.chain().headBlockNumber()).isEqualTo(number);
            assertThat(store.chain().history(1, whole.firstLeafIndex(), items.size()))
                    .isEqualTo(items);
        }
    }

    @Test
    void shouldAcknowledgeAtMostMaxQueuedWhenPushesAreSlow() throws Exception {
        Semaphore permits = new Semaphore(0);
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs =
                    KIT.spawn(JobActor.create(GatedBlockchain.wrap(store.chain(), permits), withoutQueued(owner), 4));
            for (int i = 0; i < 6; i++) {
                jobs.tell(new JobActor.Push(1, set(i), false, acks.getRef()));
            }
            assertThat(acks.receiveSeveralMessages(4)).allMatch(JobActor.Accepted::queued);
            acks.expectNoMessage(Duration.ofMillis(200));
            permits.release(6);
            assertThat(acks.receiveSeveralMessages(2)).allMatch(JobActor.Accepted::queued);
            assertThat(owner.receiveSeveralMessages(6)).allMatch(e -> e instanceof JobActor.Applied);
        }
    }

    /** hms.sync.max-queued-items: queued batch sets hold their items in memory, so their items are bounded too. */
    @Test
    void shouldAcknowledgeOnlyWhatFitsMaxQueuedItemsWhenPushesAreSlow() throws Exception {
        Semaphore permits = new Semaphore(0);
        long twoSets = set(0).items().size() + set(1).items().size();
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(
                    JobActor.create(GatedBlockchain.wrap(store.chain(), permits), withoutQueued(owner), 4, twoSets));
            for (int i = 0; i < 4; i++) {
                jobs.tell(new JobActor.Push(1, set(i), false, acks.getRef()));
            }
            assertThat(acks.receiveSeveralMessages(2)).allMatch(JobActor.Accepted::queued);
            acks.expectNoMessage(Duration.ofMillis(200)); // a free job slot, but no room for the items
            permits.release(1);
            assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                    .isEqualTo(set(0));
            assertThat(acks.receiveMessage().blockHash())
                    .isEqualTo(set(2).block().hash());
            permits.release(3);
            assertThat(acks.receiveMessage().blockHash())
                    .isEqualTo(set(3).block().hash());
            assertThat(owner.receiveSeveralMessages(3)).allMatch(e -> e instanceof JobActor.Applied);
        }
    }

    @Test
    void shouldAdmitBatchSetLargerThanMaxQueuedItemsAloneWhenQueueHoldsNoItems() throws Exception {
        Semaphore permits = new Semaphore(0);
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(
                    JobActor.create(GatedBlockchain.wrap(store.chain(), permits), withoutQueued(owner), 4, 1));
            jobs.tell(new JobActor.Push(1, set(0), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, acks.getRef()));
            assertThat(acks.receiveMessage().blockHash())
                    .isEqualTo(set(0).block().hash());
            acks.expectNoMessage(Duration.ofMillis(200));
            permits.release(2);
            assertThat(acks.receiveMessage().blockHash())
                    .isEqualTo(set(1).block().hash());
            assertThat(owner.receiveSeveralMessages(2)).allMatch(e -> e instanceof JobActor.Applied);
            assertThat(store.chain().headBlockNumber())
                    .isEqualTo(batches.get(1).block().blockNumber());
        }
    }

    @Test
    void shouldEvictRestOfClusterAndReportWhenPushFails() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = KIT.spawn(JobActor.create(store.chain(), withoutQueued(owner), 8));
            jobs.tell(new JobActor.Push(1, set(0), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(2), false, acks.getRef())); // skips batch 1: does not extend the chain
            jobs.tell(new JobActor.Push(1, set(3), false, acks.getRef()));
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED));
            owner.expectMessageClass(JobActor.Applied.class);
            JobActor.PushFailed failed = owner.expectMessageClass(JobActor.PushFailed.class);
            assertThat(failed.blockNumber()).isEqualTo(batches.get(2).block().blockNumber());
            assertThat(failed.failure()).isEqualTo(PushFailure.REJECTED);
            assertThat(failed.error()).isPresent();
            owner.expectNoMessage(Duration.ofMillis(200));
            acks.receiveSeveralMessages(3);
            jobs.tell(new JobActor.Push(1, set(1), false, acks.getRef()));
            assertThat(acks.receiveMessage().queued())
                    .as("offers of an evicted cluster are dropped")
                    .isFalse();
            jobs.tell(new JobActor.Push(2, set(1), false, acks.getRef()));
            assertThat(acks.receiveMessage().queued()).isTrue();
            assertThat(owner.expectMessageClass(JobActor.Applied.class).clusterId())
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldDropQueuedAndParkedJobsButFinishRunningPushWhenEvicted() throws Exception {
        Semaphore permits = new Semaphore(0);
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs =
                    KIT.spawn(JobActor.create(GatedBlockchain.wrap(store.chain(), permits), withoutQueued(owner), 2));
            for (int i = 0; i < 4; i++) {
                jobs.tell(new JobActor.Push(1, set(i), false, acks.getRef()));
            }
            assertThat(acks.receiveSeveralMessages(2)).allMatch(JobActor.Accepted::queued);
            jobs.tell(new JobActor.Evict(1));
            assertThat(acks.receiveSeveralMessages(2)).noneMatch(JobActor.Accepted::queued);
            permits.release(4);
            assertThat(owner.expectMessageClass(JobActor.Applied.class)
                            .batchSet()
                            .block())
                    .isEqualTo(batches.get(0).block());
            owner.expectNoMessage(Duration.ofMillis(200));
            assertThat(store.chain().headBlockNumber())
                    .isEqualTo(batches.get(0).block().blockNumber());
        }
    }

    @Test
    void shouldStopAfterRunningPushWhenShutDown() throws Exception {
        Semaphore permits = new Semaphore(0);
        try (TestChain store = TestChains.createEmpty(dir, OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            TestProbe<Done> done = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs =
                    KIT.spawn(JobActor.create(GatedBlockchain.wrap(store.chain(), permits), withoutQueued(owner), 4));
            jobs.tell(new JobActor.Push(1, set(0), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, acks.getRef()));
            acks.receiveSeveralMessages(2);
            jobs.tell(new JobActor.Shutdown(done.getRef()));
            done.expectNoMessage(Duration.ofMillis(200));
            permits.release(2);
            done.expectMessage(Done.getInstance());
            done.expectTerminated(jobs);
            assertThat(store.chain().headBlockNumber())
                    .isEqualTo(batches.get(0).block().blockNumber());
        }
    }
}
