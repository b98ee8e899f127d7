package io.hms.actors.sync;

import static io.hms.actors.testing.SyncFixture.PACING;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.job.JobActor;
import io.hms.actors.local.LocalNetworkHub;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.actors.testing.Chains;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.RequestBatchSet;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.UnhandledMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java 17 has no exhaustive pattern switch, so a new message could silently go unhandled (STYLE
 * item 25). Every permitted subclass of each actor's {@code Command} must have its {@code on…}
 * handler; for the PeerActor and the JobActor one sample of every command is also sent and must
 * not end up unhandled.
 */
class CommandHandlersTest {
    static final ActorTestKit KIT = ActorTestKit.create();
    static final PeerId PEER = new PeerId("peer");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static List<Class<?>> actors() {
        return List.of(HistoryMacroSync.class, ClusterActor.class, PeerActor.class, JobActor.class);
    }

    @Test
    void shouldHaveHandlerWhenCommandIsPermitted() {
        for (Class<?> actor : actors()) {
            Class<?> command = Arrays.stream(actor.getDeclaredClasses())
                    .filter(c -> c.getSimpleName().equals("Command"))
                    .findFirst()
                    .orElseThrow();
            assertThat(command.isSealed())
                    .as("%s.Command is sealed", actor.getSimpleName())
                    .isTrue();
            for (Class<?> message : command.getPermittedSubclasses()) {
                Optional<Method> handler = Arrays.stream(actor.getDeclaredMethods())
                        .filter(m -> m.getName().equals("on" + message.getSimpleName()))
                        .findFirst();
                assertThat(handler)
                        .as("handler of %s.%s", actor.getSimpleName(), message.getSimpleName())
                        .isPresent();
                List<Class<?>> params = List.of(handler.get().getParameterTypes());
                assertThat(params)
                        .as("parameters of %s", handler.get())
                        .isEqualTo(message.isEnum() ? List.of() : List.of(message));
            }
        }
    }

    @Test
    void shouldHandleEveryPeerActorCommandWhenSent(@TempDir Path dir) throws Exception {
        try (LocalNetworkHub hub = new LocalNetworkHub(1);
                TestChain chain = TestChains.create(dir, Chains.unit(91, 1, 0, 1))) {
            hub.register(new PeerId("node"), chain.chain(), 0);
            ActorRef<PeerActor.Command> actor =
                    KIT.spawn(PeerActor.create(PEER, hub.network(new PeerId("node")), 2, PACING, Clock.systemUTC()));
            ActorRef<PeerReply> replies = KIT.<PeerReply>createTestProbe().getRef();
            List<PeerActor.Command> samples = List.of(
                    new PeerActor.Send(new RequestBatchSet(chain.spec().genesisHash()), Duration.ofSeconds(1), replies),
                    new PeerActor.Disconnect(DisconnectReason.ERROR),
                    (PeerActor.Command) privateRecord(
                            PeerActor.class,
                            "Completed",
                            0L,
                            1L,
                            null,
                            new NetworkFailure(NetworkFailure.Kind.TIMEOUT, "x")),
                    (PeerActor.Command) privateRecord(PeerActor.class, "DeadlinePassed", 5L),
                    (PeerActor.Command) privateEnum(PeerActor.class, "Resume"),
                    PeerActor.Leave.INSTANCE);
            assertHandled(actor, PeerActor.Command.class, samples);
        }
    }

    @Test
    void shouldHandleEveryJobActorCommandWhenSent(@TempDir Path dir) throws Exception {
        try (TestChain store = TestChains.createEmpty(dir, Chains.unit(92, 1, 0, 1))) {
            GeneratedBatch batch =
                    new ChainGenerator(Chains.unit(92, 1, 0, 1)).generateAll().get(0);
            CompleteBatchSet set =
                    new CompleteBatchSet(batch.block(), batch.firstLeafIndex(), batch.items(), 0, 1, Optional.empty());
            TestProbe<JobActor.Event> owner = KIT.createTestProbe();
            ActorRef<JobActor.Command> actor = KIT.spawn(JobActor.create(store.chain(), owner.getRef(), 4));
            ActorRef<JobActor.Accepted> acks =
                    KIT.<JobActor.Accepted>createTestProbe().getRef();
            JobActor.Push push = new JobActor.Push(3, set, false, acks);
            JobActor.Stage stage = new JobActor.Stage(5, batch.block().hash(), 4, 0, batch.items(), acks);
            List<JobActor.Command> samples = List.of(
                    push,
                    stage,
                    (JobActor.Command) privateRecord(JobActor.class, "StageDone", stage, Optional.of("disk full")),
                    new JobActor.Finish(3, ClusterOutcome.COMPLETED),
                    new JobActor.OpenRange(6, Optional.empty()),
                    new JobActor.Evict(4),
                    (JobActor.Command) privateRecord(
                            JobActor.class,
                            "PushDone",
                            push,
                            storeWritesPushed(new io.hms.engine.store.PushResult.Known(
                                    batch.block().hash()))),
                    (JobActor.Command) privateRecord(JobActor.class, "PushThrew", push, "disk full"),
                    new JobActor.Shutdown(KIT.<Done>createTestProbe().getRef()));
            assertHandled(actor, JobActor.Command.class, samples);
        }
    }

    private static <C> void assertHandled(ActorRef<C> actor, Class<C> command, List<? extends C> samples) {
        Set<Class<?>> permitted = Set.of(command.getPermittedSubclasses());
        assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("one sample per permitted command")
                .isEqualTo(permitted);
        TestProbe<UnhandledMessage> unhandled = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(UnhandledMessage.class, unhandled.getRef()));
        samples.forEach(actor::tell);
        unhandled.expectNoMessage(Duration.ofMillis(300));
        KIT.system().eventStream().tell(new EventStream.Unsubscribe<>(unhandled.getRef()));
    }

    /** The single constant of a private message enum. */
    private static Object privateEnum(Class<?> actor, String name) {
        return Arrays.stream(actor.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals(name))
                .findFirst()
                .orElseThrow()
                .getEnumConstants()[0];
    }

    /** An instance of a private message record, built through its canonical constructor. */
    private static Object privateRecord(Class<?> actor, String name, Object... args) throws Exception {
        Class<?> type = Arrays.stream(actor.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals(name))
                .findFirst()
                .orElseThrow();
        Constructor<?> c = type.getDeclaredConstructors()[0];
        c.setAccessible(true);
        return c.newInstance(args);
    }

    /** A {@code StoreWrites.Pushed} (package-private in the job package), built reflectively like the private records. */
    private static Object storeWritesPushed(io.hms.engine.store.PushResult result) throws Exception {
        Class<?> type = Class.forName("io.hms.actors.job.StoreWrites$Pushed");
        var constructor = type.getDeclaredConstructor(io.hms.engine.store.PushResult.class, boolean.class);
        constructor.setAccessible(true);
        return constructor.newInstance(result, true);
    }
}
