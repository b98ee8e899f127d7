package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.testing.TestChains.TestChain;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client syncs from ONE server whose serving quota is far below what the client asks for: the
 * server answers RATE_LIMITED again and again, the client paces that peer instead of counting
 * failed tries, and the sync completes with the peer Good (SPEC §0 "Scale").
 */
class ServingQuotaSyncTest {
    /** 3 epochs and 2 checkpoints of 300 transfers per batch: chunks of about 1024 transactions. */
    private static final GeneratorOptions CHAIN = GeneratorOptions.defaults(21)
            .withShape(3, 2)
            .withTransactions(300, 0.0, false)
            .withSignTransfers(false);
    /**
     * 256 KiB per second with a 64 KiB burst: a full chunk is larger than the burst, so every chunk
     * puts the client in debt and the 12 chunks it keeps in flight are mostly refused.
     */
    private static final Quota STRICT = new Quota(256 * 1024, 64 * 1024, 4096);

    /** The default pacing: a request may wait 30 s for its turn at the strict server. */
    private static final Pacing PATIENT = HmsSettings.defaults().syncActors().pacing();

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void oneStrictlyLimitedServerSyncsAnEmptyNodeWithoutFailedTries() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        HmsMetrics serverMetrics = HmsMetrics.discarding();
        HmsSettings settings = net.config().settings();
        ServingNode server = net.serve(
                source.chain(),
                net.config()
                        .withMetrics(serverMetrics)
                        .withSettings(settings.withNetwork(settings.network().withServingQuota(STRICT))));
        TestChain node = net.emptyChain("node", CHAIN);
        List<SyncEvent> events = new CopyOnWriteArrayList<>();

        SyncingNode syncing = net.sync(
                node,
                net.config()
                        .withPeers(List.of(server.address()))
                        .withSettings(
                                settings.withSyncActors(settings.syncActors().withPacing(PATIENT))));
        syncing.addListener(events::add);
        syncing.firstSynced().toCompletableFuture().get(120, TimeUnit.SECONDS);

        assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                .isTrue();
        assertThat(StatusReport.of(node.chain()).transactions()).isPositive();
        assertThat(rateLimited(serverMetrics))
                .as("answers RATE_LIMITED by the server")
                .isGreaterThan(10);
        assertThat(syncing.results().values()).singleElement().isInstanceOf(MacroSyncReturn.Good.class);
        assertThat(events)
                .noneMatch(e -> e instanceof SyncEvent.PeerBanned)
                .noneMatch(e -> e instanceof SyncEvent.ClusterFinished f && f.outcome() == ClusterOutcome.FAILED);
    }

    private static double rateLimited(HmsMetrics metrics) {
        return metrics.registry().find("hms.requests.served").tag("outcome", "rate_limited").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
