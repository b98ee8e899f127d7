package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.actors.node.NodeSystem;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/**
 * A coordinator whose workers never come fails with one line naming the option (exit code 1), not
 * with "unexpected error" and a stack trace.
 */
class WorkerGateTest {

    @Test
    void shouldFailWithOneLineWhenTheWorkersDoNotJoinInTime() throws Exception {
        int port = DemoWorkers.freePort();
        ActorSystem<Void> coordinator =
                NodeSystem.createClustered("coordinator", "127.0.0.1", port, "127.0.0.1:" + port);
        try {
            assertThatThrownBy(() -> WorkerGate.await(coordinator, 1, Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(CommandFailure.class, f -> {
                        assertThat(f.exitCode()).isEqualTo(CommandFailure.FAILED);
                        assertThat(f.getMessage())
                                .startsWith("1 worker did not join the coordinator within ")
                                .endsWith("(--workers)")
                                .doesNotContain("\n");
                    });
        } finally {
            coordinator.terminate();
            coordinator.getWhenTerminated().toCompletableFuture().get();
        }
    }

    @Test
    void shouldNotWaitWhenNoWorkersAreExpected() throws Exception {
        WorkerGate.await(null, 0, Duration.ZERO); // returns before touching the system
        WorkerGate.awaitRegistered(null, 0, Duration.ZERO);
    }
}
