package io.hms.actors.node;

import io.hms.actors.events.SyncEvent;
import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The follow timer on the actor system's scheduler, driven by {@link ManualTime}. */
class FollowingLiveSyncTest {
    static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final Duration EVERY = Duration.ofSeconds(10);
    static final SyncEvent.Synced SYNCED = new SyncEvent.Synced(List.of(new PeerId("p")), 1, 232);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldRecheckEveryIntervalOnceSyncedAndNeverAfterClose() {
        TestProbe<String> rechecks = KIT.createTestProbe();
        FollowingLiveSync follow = new FollowingLiveSync(() -> rechecks.getRef().tell("recheck"), EVERY, KIT.system());

        TIME.timePasses(EVERY.multipliedBy(3));
        rechecks.expectNoMessage(Duration.ofMillis(50));

        follow.onSynced(SYNCED);
        follow.onSynced(SYNCED); // a second Synced does not start a second timer
        TIME.timePasses(EVERY.minusMillis(1));
        rechecks.expectNoMessage(Duration.ofMillis(50));
        TIME.timePasses(Duration.ofMillis(1));
        rechecks.expectMessage("recheck");
        TIME.timePasses(EVERY);
        rechecks.expectMessage("recheck");
        rechecks.expectNoMessage(Duration.ofMillis(50));

        follow.close();
        TIME.timePasses(EVERY.multipliedBy(3));
        rechecks.expectNoMessage(Duration.ofMillis(50));
    }
}
