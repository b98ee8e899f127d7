package io.hms.actors.job;

import static io.hms.actors.job.JobActorTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.model.Hash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranges in parallel at the JobActor (docs/ARCHITECTURE.md "Ranges in parallel"): what a range
 * behind the head hands over is held and acknowledged, applied only after the range before it ended
 * on the block the range was verified from, in chain order; an anchor that does not link drops the
 * range without applying anything of it.
 */
class JobActorRangesTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final ReorderSettings ROOMY = new ReorderSettings(1_000, 1);

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        JobActorTest.batches = new ChainGenerator(JobActorTest.OPTIONS).generateAll();
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Every event but {@link JobActor.Queued}, to {@code owner}. */
    private static ActorRef<JobActor.Event> withoutQueued(TestProbe<JobActor.Event> owner) {
        return KIT.spawn(Behaviors.receiveMessage(e -> {
            if (!(e instanceof JobActor.Queued)) {
                owner.getRef().tell(e);
            }
            return Behaviors.same();
        }));
    }

    /** The store's answer in the {@code n}-th Applied of {@code events}. */
    private static PushResult.Extended appliedOf(List<JobActor.Event> events, int n) {
        return events.stream()
                .filter(JobActor.Applied.class::isInstance)
                .map(e -> ((JobActor.Applied) e).result())
                .toList()
                .get(n);
    }

    /** The hash the first range ends on in these tests (any hash: the JobActor only compares). */
    private static Hash tipOfFirst() {
        return set(1).block().hash();
    }

    private static ActorRef<JobActor.Command> jobs(
            TestChain store, TestProbe<JobActor.Event> owner, ReorderSettings r) {
        ActorRef<JobActor.Command> jobs = KIT.spawn(JobActor.create(store.chain(), withoutQueued(owner), 4, r));
        jobs.tell(new JobActor.OpenRange(1, Optional.empty()));
        return jobs;
    }

    @Test
    void shouldHoldTheSecondRangeUntilTheFirstEndsOnItsAnchorThenApplyBothInChainOrder() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, JobActorTest.OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> first = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> second = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = jobs(store, owner, ROOMY);
            jobs.tell(new JobActor.OpenRange(2, Optional.of(tipOfFirst())));

            jobs.tell(new JobActor.Push(2, set(2), false, second.getRef()));
            jobs.tell(new JobActor.Push(2, set(3), false, second.getRef()));
            jobs.tell(new JobActor.Finish(
                    2, ClusterOutcome.COMPLETED, Optional.of(set(3).block().hash())));
            assertThat(second.receiveMessage().queued())
                    .as("held in the window: acknowledged")
                    .isTrue();
            assertThat(second.receiveMessage().queued()).isTrue();
            owner.expectNoMessage(Duration.ofMillis(200)); // nothing of range 2 applied before range 1

            jobs.tell(new JobActor.Push(1, set(0), false, first.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, first.getRef()));
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED, Optional.of(tipOfFirst())));

            for (int i = 0; i < 2; i++) {
                assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                        .isEqualTo(set(i));
            }
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.FinishReached(1, ClusterOutcome.COMPLETED));
            for (int i = 2; i < 4; i++) {
                assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                        .isEqualTo(set(i));
            }
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.FinishReached(2, ClusterOutcome.COMPLETED));
            assertThat(store.chain().headBlockNumber()).isEqualTo(set(3).block().blockNumber());
            second.expectNoMessage(Duration.ofMillis(100)); // held items are not acknowledged twice
        }
    }

    @Test
    void shouldApplyNothingOfARangeWhoseAnchorIsNotTheTipOfTheRangeBeforeIt() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, JobActorTest.OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> acks = KIT.createTestProbe();
            ActorRef<JobActor.Command> jobs = jobs(store, owner, new ReorderSettings(1_000, 2));
            jobs.tell(new JobActor.OpenRange(2, Optional.of(set(3).block().hash()))); // not where range 1 ends
            jobs.tell(new JobActor.OpenRange(3, Optional.of(set(5).block().hash())));

            jobs.tell(new JobActor.Push(2, set(2), false, acks.getRef()));
            jobs.tell(new JobActor.Push(3, set(4), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(0), false, acks.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, acks.getRef()));
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED, Optional.of(tipOfFirst())));

            List<JobActor.Event> events = owner.receiveSeveralMessages(5);
            assertThat(events)
                    .as("the drops are reported when range 1 ends, before its batch sets are applied")
                    .filteredOn(JobActor.RangeDropped.class::isInstance)
                    .extracting(e -> ((JobActor.RangeDropped) e).clusterId())
                    .containsExactly(2L, 3L);
            assertThat(events)
                    .filteredOn(e -> !(e instanceof JobActor.RangeDropped))
                    .containsExactly(
                            new JobActor.Applied(1, set(0), appliedOf(events, 0)),
                            new JobActor.Applied(1, set(1), appliedOf(events, 1)),
                            new JobActor.FinishReached(1, ClusterOutcome.COMPLETED));
            jobs.tell(new JobActor.Push(2, set(3), false, acks.getRef()));
            owner.expectNoMessage(Duration.ofMillis(200));
            assertThat(store.chain().headBlockNumber())
                    .as("nothing of the dropped ranges reached the store")
                    .isEqualTo(set(1).block().blockNumber());
        }
    }

    @Test
    void shouldLetARangeWaitUnacknowledgedWhileTheWindowIsFull() throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, JobActorTest.OPTIONS)) {
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> first = KIT.createTestProbe();
            TestProbe<JobActor.Accepted> second = KIT.createTestProbe();
            long oneSet = Math.max(1, set(2).items().size());
            ActorRef<JobActor.Command> jobs = jobs(store, owner, new ReorderSettings(oneSet, 1));
            jobs.tell(new JobActor.OpenRange(2, Optional.of(tipOfFirst())));

            jobs.tell(new JobActor.Push(2, set(2), false, second.getRef()));
            assertThat(second.receiveMessage().blockHash())
                    .isEqualTo(set(2).block().hash());
            jobs.tell(new JobActor.Push(2, set(3), false, second.getRef()));
            second.expectNoMessage(Duration.ofMillis(200)); // does not fit: the range waits

            jobs.tell(new JobActor.Push(1, set(0), false, first.getRef()));
            jobs.tell(new JobActor.Push(1, set(1), false, first.getRef()));
            jobs.tell(new JobActor.Finish(1, ClusterOutcome.COMPLETED, Optional.of(tipOfFirst())));
            assertThat(second.receiveMessage().blockHash())
                    .as("acknowledged once range 2 is the head")
                    .isEqualTo(set(3).block().hash());
            jobs.tell(new JobActor.Finish(2, ClusterOutcome.COMPLETED, Optional.empty()));
            for (int i = 0; i < 2; i++) {
                owner.expectMessageClass(JobActor.Applied.class);
            }
            owner.expectMessageClass(JobActor.FinishReached.class);
            for (int i = 2; i < 4; i++) {
                assertThat(owner.expectMessageClass(JobActor.Applied.class).batchSet())
                        .isEqualTo(set(i));
            }
            assertThat(owner.receiveMessage()).isEqualTo(new JobActor.FinishReached(2, ClusterOutcome.COMPLETED));
        }
    }
}
