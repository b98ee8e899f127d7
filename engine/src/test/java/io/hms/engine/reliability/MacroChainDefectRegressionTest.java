package io.hms.engine.reliability;

import static io.hms.engine.sync.SyncFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.clustering.ClusteringDecision;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.clustering.EpochIdClusterer;
import io.hms.engine.sync.macrochain.LocatorBuilder;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import io.hms.engine.sync.macrochain.MacroChainResult;
import io.hms.engine.sync.macrochain.MacroChainValidator;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §7.2 item 24, which hms keeps on purpose: {@code Good} means "this peer offers nothing after
 * our head" (what the host needs to hand the peer to live sync), not "this peer is at least as far
 * as we are"; and a checkpoint sent next to epochs is dropped, because it may be stale once the
 * epochs are applied, and fetched by the next request. These tests pin that behaviour over real
 * chains so a change to it is deliberate.
 */
class MacroChainDefectRegressionTest {
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(2401).withShape(2, 2);
    private static final Policy P = OPTS.policy();

    @TempDir
    Path dir;

    private final LocatorBuilder locators = new LocatorBuilder(1000);
    private final MacroChainValidator validator = new MacroChainValidator(P);

    private MacroChainRequest requestFrom(ChainView ours) {
        return locators.build(
                ours.macroHead().hash(),
                ours.electionHead().hash(),
                P.epochAt(ours.electionHead().blockNumber()));
    }

    private EpochIds ask(ChainView ours, ChainView peer) {
        MacroChainRequest request = requestFrom(ours);
        MacroChainResponse reply = (MacroChainResponse) Wire.serve(Served.HONEST, peer, request.request());
        MacroChainResult result = validator.validate(request, peer("P"), reply);
        return ((MacroChainResult.Accepted) result).ids();
    }

    @Test
    void item24CheckpointNextToEpochsIsDroppedAndFetchedByTheNextRequest() throws Exception {
        try (TestChain source = TestChains.create(dir.resolve("source"), OPTS);
                TestChain ours = TestChains.createEmpty(dir.resolve("ours"), OPTS)) {
            MacroChain reply = (MacroChain) Wire.serve(
                    Served.HONEST, source.chain(), requestFrom(ours.chain()).request());
            assertThat(reply.epochs()).hasSize(2);
            assertThat(reply.checkpoint())
                    .contains(Served.checkpointOf(source.chain().macroHead()));

            EpochIds first = ask(ours.chain(), source.chain());
            assertThat(first.ids()).isEqualTo(reply.epochs());
            assertThat(first.checkpoint()).isEmpty();

            TestChains.push(ours.chain(), source.batches().subList(0, 2 * P.batchesPerEpoch()));
            EpochIds second = ask(ours.chain(), source.chain());
            assertThat(second.ids()).isEmpty();
            assertThat(second.checkpoint())
                    .contains(Served.checkpointOf(source.chain().macroHead()));
            assertThat(second.checkpointEpoch()).isEqualTo(3);
        }
    }

    @Test
    void item24GoodMeansNothingToDownloadEvenFromAPeerBehindUsInOurEpoch() throws Exception {
        try (TestChain ours = TestChains.create(dir.resolve("ours"), OPTS);
                TestChain behind = TestChains.createEmpty(dir.resolve("behind"), OPTS)) {
            TestChains.push(behind.chain(), ours.batches().subList(0, 2 * P.batchesPerEpoch()));

            EpochIds offered = ask(ours.chain(), behind.chain());
            ClusteringState state = ClusteringState.initial(
                    ours.chain().electionHead().hash(), 2, ours.chain().headBlockNumber());
            ClusteringDecision decision = new EpochIdClusterer(P, 100).cluster(state, offered);

            assertThat(behind.chain().headBlockNumber()).isLessThan(ours.chain().headBlockNumber());
            assertThat(offered).isEqualTo(new EpochIds(true, List.of(), Optional.empty(), 3, peer("P")));
            assertThat(decision.report()).isEqualTo(ClusteringDecision.Report.GOOD);
            assertThat(decision.state()).isSameAs(state);
        }
    }
}
