package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.clustering.EpochIdGen.NO_DIVERGENCE;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.counts;
import static io.hms.engine.sync.clustering.EpochIdGen.gen;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The clustering scenarios of SPEC §6.2 ({@code it_can_cluster_epoch_ids}), §6.3 (checkpoint ids)
 * and §6.4 (splits). Symmetric cases are also run with the inputs in reverse order and must give
 * the same clusters and the same per-peer cluster counts.
 */
class ClusteringScenariosTest {
    private static final EpochIdClusterer CLUSTERER = new EpochIdClusterer(POLICY, 100);

    record Case(
            String name,
            List<EpochIds> inputs,
            boolean symmetric,
            List<String> epochClusters,
            List<String> checkpointClusters,
            Map<String, Integer> counts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> epochIdCases() {
        return Stream.of(
                c(
                        "6.2.1 identical",
                        true,
                        List.of("10@1/2"),
                        List.of(),
                        Map.of("A", 1, "B", 1),
                        gen("A", 10, 1),
                        gen("B", 10, 1)),
                c(
                        "6.2.2 diverge at 0",
                        true,
                        List.of("10@1/1", "10@1/1"),
                        List.of(),
                        Map.of("A", 1, "B", 1),
                        gen("A", 10, 1),
                        gen("B", 10, 1, 0, false)),
                c(
                        "6.2.3 shorter",
                        true,
                        List.of("8@1/2", "2@9/1"),
                        List.of(),
                        Map.of("A", 2, "B", 1),
                        gen("A", 10, 1),
                        gen("B", 8, 1)),
                c(
                        "6.2.4 offset",
                        false,
                        List.of("10@1/2", "2@11/1"),
                        List.of(),
                        Map.of("A", 1, "B", 2),
                        gen("A", 10, 1),
                        gen("B", 10, 3)),
                c(
                        "6.2.6 inside",
                        false,
                        List.of("7@1/2", "3@8/1"),
                        List.of(),
                        Map.of("A", 2, "B", 1),
                        gen("A", 10, 1),
                        gen("B", 5, 3)),
                c(
                        "6.2.7 offset and diverging",
                        false,
                        List.of("9@1/2", "1@10/1", "2@10/1"),
                        List.of(),
                        Map.of("A", 2, "B", 2),
                        gen("A", 10, 1),
                        gen("B", 8, 4, 6, false)));
    }

    static Stream<Arguments> checkpointCases() {
        return Stream.of(
                c(
                        "6.3.1 identical checkpoint",
                        true,
                        List.of(),
                        List.of("1@1/2"),
                        Map.of("A", 1, "B", 1),
                        gen("A", 0, 1, NO_DIVERGENCE, true),
                        gen("B", 0, 1, NO_DIVERGENCE, true)),
                c(
                        "6.3.2 diverging checkpoint",
                        true,
                        List.of(),
                        List.of("1@1/1", "1@1/1"),
                        Map.of("A", 1, "B", 1),
                        gen("A", 0, 1, NO_DIVERGENCE, true),
                        gen("B", 0, 1, 0, true)),
                c(
                        "6.3.3 checkpoints of different epochs",
                        false,
                        List.of(),
                        List.of("1@1/1", "1@3/1"),
                        Map.of("A", 1, "B", 1),
                        gen("A", 0, 1, NO_DIVERGENCE, true),
                        gen("B", 0, 3, NO_DIVERGENCE, true)),
                c(
                        "6.3.4 identical with checkpoint",
                        true,
                        List.of("10@1/2"),
                        List.of("1@11/2"),
                        Map.of("A", 2, "B", 2),
                        gen("A", 10, 1, NO_DIVERGENCE, true),
                        gen("B", 10, 1, NO_DIVERGENCE, true)),
                c(
                        "6.3.5 same ids, other checkpoint",
                        true,
                        List.of("10@1/2"),
                        List.of("1@11/1", "1@11/1"),
                        Map.of("A", 2, "B", 2),
                        gen("A", 10, 1, NO_DIVERGENCE, true),
                        gen("B", 10, 1, 10, true)),
                c(
                        "6.3.6 one without checkpoint",
                        true,
                        List.of("10@1/2"),
                        List.of("1@11/1"),
                        Map.of("A", 2, "B", 1),
                        gen("A", 10, 1, NO_DIVERGENCE, true),
                        gen("B", 10, 1, NO_DIVERGENCE, false)),
                c(
                        "6.3.7 suffix with same checkpoint",
                        false,
                        List.of("10@1/2"),
                        List.of("1@11/2"),
                        Map.of("A", 2, "B", 2),
                        gen("A", 10, 1, NO_DIVERGENCE, true),
                        gen("B", 5, 6, NO_DIVERGENCE, true)),
                c(
                        "6.3.8 diverging with checkpoints",
                        false,
                        List.of("9@1/2", "1@10/1", "2@10/1"),
                        List.of("1@11/1", "1@12/1"),
                        Map.of("A", 3, "B", 3),
                        gen("A", 10, 1, NO_DIVERGENCE, true),
                        gen("B", 8, 4, 6, true)));
    }

    static Stream<Arguments> splitCases() {
        return Stream.of(
                c(
                        "6.4.1 middle peer shorter",
                        false,
                        List.of("6@1/3", "4@7/2"),
                        List.of(),
                        Map.of("P1", 2, "P2", 1, "P3", 2),
                        gen("P1", 10, 1),
                        gen("P2", 6, 1),
                        gen("P3", 10, 1)),
                c(
                        "6.4.2 staggered",
                        false,
                        List.of("6@1/3", "3@7/2", "1@10/1"),
                        List.of(),
                        Map.of("P1", 3, "P2", 1, "P3", 2),
                        gen("P1", 10, 1),
                        gen("P2", 5, 2),
                        gen("P3", 6, 4)));
    }

    private static Arguments c(
            String name,
            boolean symmetric,
            List<String> epoch,
            List<String> checkpoint,
            Map<String, Integer> counts,
            EpochIds... inputs) {
        return Arguments.of(new Case(name, List.of(inputs), symmetric, epoch, checkpoint, counts));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"epochIdCases", "checkpointCases", "splitCases"})
    void shouldClusterAsSpecifiedWhenPeersArriveInOrder(Case c) {
        assertOutcome(c, c.inputs(), "given order");
    }

    /** The cases SPEC §6 marks symmetric; the others depend on arrival order by specification. */
    static Stream<Arguments> symmetricCases() {
        return Stream.of(epochIdCases(), checkpointCases(), splitCases())
                .flatMap(x -> x)
                .filter(a -> ((Case) a.get()[0]).symmetric());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetricCases")
    void shouldGiveTheSameClustersWhenSymmetricInputsArriveSwapped(Case c) {
        List<EpochIds> swapped = new ArrayList<>(c.inputs());
        Collections.reverse(swapped);
        assertOutcome(c, swapped, "swapped order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("epochIdCases")
    void shouldNumberClustersUniquelyWhenSplitting(Case c) {
        ClusteringState s = run(c.inputs());
        List<Long> ids = new ArrayList<>();
        s.epochClusters().forEach(x -> ids.add(x.id()));
        s.checkpointClusters().forEach(x -> ids.add(x.id()));
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id < s.nextClusterId());
    }

    @ParameterizedTest(name = "swapped={0}")
    @MethodSource("forkCaseOrders")
    void shouldReportBothPeersOutdatedWhenTheirIdAtOurEpochIsNotOurGenesis(boolean swapped) {
        // SPEC §6.2 case 5: both start at epoch 0, where our id is the genesis hash
        List<EpochIds> in = new ArrayList<>(List.of(gen("A", 10, 0), gen("B", 10, 0, 0, false)));
        if (swapped) {
            Collections.reverse(in);
        }
        ClusteringState s = genesisState();
        for (EpochIds ids : in) {
            ClusteringDecision d = CLUSTERER.cluster(s, ids);
            assertThat(d.verdict()).isEqualTo(Verdict.FORK);
            assertThat(d.report()).isEqualTo(ClusteringDecision.Report.OUTDATED);
            s = d.state();
        }
        assertThat(s.epochClusters()).isEmpty();
        assertThat(s.checkpointClusters()).isEmpty();
        assertThat(s.peerClusterCounts()).isEmpty();
    }

    static Stream<Arguments> forkCaseOrders() {
        return Stream.of(Arguments.of(false), Arguments.of(true));
    }

    private static void assertOutcome(Case c, List<EpochIds> inputs, String order) {
        ClusteringState s = run(inputs);
        assertThat(shapes(s.epochClusters()))
                .as("%s, %s: epoch clusters", c.name(), order)
                .isEqualTo(c.epochClusters());
        assertThat(shapes(s.checkpointClusters()))
                .as("%s, %s: checkpoint clusters", c.name(), order)
                .isEqualTo(c.checkpointClusters());
        assertThat(counts(s)).as("%s, %s: peer cluster counts", c.name(), order).isEqualTo(c.counts());
        assertCountsMatchMembership(s, c.name() + ", " + order);
    }

    private static ClusteringState run(List<EpochIds> inputs) {
        ClusteringState s = genesisState();
        for (EpochIds ids : inputs) {
            ClusteringDecision d = CLUSTERER.cluster(s, ids);
            assertThat(d.verdict()).as("verdict for %s", ids.sender()).isEqualTo(Verdict.CLUSTERED);
            s = d.state();
        }
        return s;
    }
}
