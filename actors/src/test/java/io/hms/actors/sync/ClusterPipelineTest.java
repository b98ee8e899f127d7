package io.hms.actors.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.testing.Chains;
import io.hms.engine.generator.ChainGenerator;
import io.hms.verifier.BatchSetVerifyState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterPipelineTest {
    static final ChainGenerator GENERATOR = new ChainGenerator(Chains.unit(93, 0, 0, 1));
    static final ClusterStart START = new ClusterStart(
            BatchSetVerifyState.afterElectionBlock(GENERATOR.spec().networkId(), GENERATOR.genesis()), 0, 0, 0);

    @Test
    void shouldOfferNoTipWhileLastClusterDownloads() {
        ClusterPipeline pipeline = new ClusterPipeline();
        assertThat(pipeline.tip()).isEmpty();
        pipeline.downloading(1);
        assertThat(pipeline.anyDownloading()).isTrue();
        assertThat(pipeline.tip()).isEmpty();
        pipeline.downloaded(1, Optional.of(START));
        assertThat(pipeline.anyDownloading()).isFalse();
        assertThat(pipeline.tip()).contains(START);
    }

    @Test
    void shouldPassStartThroughWhenClusterIsEmpty() {
        ClusterPipeline pipeline = new ClusterPipeline();
        pipeline.empty(4, START);
        assertThat(pipeline.tip()).contains(START);
        assertThat(pipeline.size()).isEqualTo(1);
    }

    @Test
    void shouldListClustersInActivationOrderWhenOneIsRemoved() {
        ClusterPipeline pipeline = new ClusterPipeline();
        pipeline.downloading(1);
        pipeline.downloaded(1, Optional.empty());
        pipeline.downloading(2);
        pipeline.downloaded(2, Optional.empty());
        pipeline.empty(3, START);
        assertThat(pipeline.order()).containsExactly(1L, 2L, 3L);
        pipeline.remove(1);
        assertThat(pipeline.order()).containsExactly(2L, 3L);
        assertThat(pipeline.contains(1)).isFalse();
        assertThat(pipeline.tip()).contains(START);
    }

    @Test
    void shouldNotPipelineBehindClusterWithUnknownEnd() {
        ClusterPipeline pipeline = new ClusterPipeline();
        pipeline.downloading(1);
        pipeline.downloaded(1, Optional.empty());
        assertThat(pipeline.tip()).isEmpty();
    }
}
