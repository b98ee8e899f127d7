package io.hms.engine.sync.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.peers.LinkSimulation.Ask;
import io.hms.engine.sync.peers.LinkSimulation.Link;
import io.hms.engine.sync.peers.LinkSimulation.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's measured case on simulated links: a fast peer ({@code serve --latency 10 --bandwidth
 * 16}, 2 MB/s) and one 8× slower ({@code --latency 80 --bandwidth 2}, 0.25 MB/s), a 4-epoch sync
 * of two clusters (4 batch sets and 32 chunks, then 1 and 4), small batch-set answers and 245 KB
 * chunks, the default chunk window of 12. Each cluster has a scheduler of its own, as each
 * ClusterActor has; a cluster's cost is until every link has sent its last answer, since the next
 * MacroChain request to a peer waits behind answers still on its wire.
 */
class SlowPeerSimulationTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int WINDOW = 12;
    static final long CHUNK = 245_000;
    static final long INFO = 16_000;
    static final PeerId FAST = new PeerId("fast");
    static final PeerId SLOW = new PeerId("slow");
    static final Link FAST_LINK = new Link(Duration.ofMillis(10), 2_000_000);
    static final Link SLOW_LINK = new Link(Duration.ofMillis(80), 250_000);

    final LinkSimulation sim = new LinkSimulation(SchedulingSettings.DEFAULTS, TIMEOUT, CHUNK);

    static List<Ask> cluster(int batchSets, int chunks) {
        List<Ask> asks = new ArrayList<>(Collections.nCopies(batchSets, new Ask("batch-set", INFO)));
        asks.addAll(Collections.nCopies(chunks, new Ask("chunk", CHUNK)));
        return asks;
    }

    String last;
    int duplicates;

    Duration sync(Map<PeerId, Link> links) {
        PeerSpeeds known = new PeerSpeeds();
        Result first = sim.run(links, cluster(4, 32), WINDOW, known);
        Result second = sim.run(links, cluster(1, 4), WINDOW, known);
        last = first + " / " + second;
        duplicates = first.duplicates() + second.duplicates();
        return first.drained().plus(second.drained());
    }

    @Test
    void shouldCostAtMostATenthWhenAPeerEightTimesSlowerJoins() {
        Map<PeerId, Link> both = new LinkedHashMap<>();
        both.put(FAST, FAST_LINK);
        both.put(SLOW, SLOW_LINK);

        Duration alone = sync(Map.of(FAST, FAST_LINK));
        Duration withSlow = sync(both);

        assertThat(withSlow)
                .as("alone " + alone + ", with the slow peer " + withSlow + ": " + last)
                .isLessThanOrEqualTo(Duration.ofNanos((long) (alone.toNanos() * 1.1)));
        assertThat(duplicates).as(last).isLessThanOrEqualTo(4); // before issue 12's fix: 9
    }
}
