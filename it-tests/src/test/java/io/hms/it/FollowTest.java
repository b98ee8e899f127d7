package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hms.actors.node.ChainProducer;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncingNode;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.PushResult;
import io.hms.engine.testing.TestChains.TestChain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --follow}: a synced node keeps up with a peer that keeps producing. */
class FollowTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(31).withShape(2, 1).withTransactions(100, 0.0, false);

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void aFollowingNodeKeepsUpWithAPeerThatKeepsProducing() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        ChainProducer producer =
                net.track(ChainProducer.resume(source.chain(), CHAIN).orElseThrow());
        ServingNode server = net.serve(source.chain());
        TestChain node = net.emptyChain("node", CHAIN);
        SyncingNode syncing =
                net.sync(node, net.config().withPeers(List.of(server.address())).withFollow(Duration.ofMillis(300)));
        syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long firstHead = node.chain().headBlockNumber();

        for (int i = 0; i < 6; i++) {
            assertThat(producer.produceOne()).isInstanceOf(PushResult.Extended.class);
        }
        long producedHead = source.chain().headBlockNumber();

        assertThat(producedHead).isGreaterThan(firstHead);
        await().atMost(60, TimeUnit.SECONDS).until(() -> node.chain().headBlockNumber() == producedHead);
        assertThat(StatusReport.of(node.chain()).sameChainAs(StatusReport.of(source.chain())))
                .isTrue();
    }
}
