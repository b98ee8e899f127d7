package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.clustering.EpochIdGen.GENESIS;
import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static io.hms.engine.sync.clustering.EpochIdGen.hashOf;
import static io.hms.engine.sync.clustering.EpochIdGen.id;
import static io.hms.engine.sync.clustering.EpochIdGen.permutations;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SPEC §4.6: which cluster is downloaded next, and how it is trimmed to our state. */
class ClusterSelectorTest {
    private final ClusterSelector selector = new ClusterSelector(POLICY);

    private static SyncCluster epochs(long clusterId, int len, long first, int tag, String... peers) {
        List<Hash> ids = new ArrayList<>();
        for (long e = first; e < first + len; e++) {
            ids.add(hashOf(e, tag));
        }
        return SyncCluster.ofEpochs(clusterId, ids, first, POLICY.electionBlockOf(first), peers(peers));
    }

    private static SyncCluster checkpoint(long clusterId, long epoch, long block, String... peers) {
        return SyncCluster.ofCheckpoint(clusterId, new Checkpoint(block, hashOf(block, 99)), epoch, peers(peers));
    }

    private static PeerList peers(String... names) {
        List<PeerId> out = new ArrayList<>();
        for (String n : names) {
            out.add(peer(n));
        }
        return PeerList.of(out);
    }

    private static ClusteringState waiting(
            ClusteringState base, List<SyncCluster> epoch, List<SyncCluster> checkpoints) {
        Map<PeerId, Integer> counts = new HashMap<>();
        for (SyncCluster c : epoch) {
            c.peers().asList().forEach(p -> counts.merge(p, 1, Integer::sum));
        }
        for (SyncCluster c : checkpoints) {
            c.peers().asList().forEach(p -> counts.merge(p, 1, Integer::sum));
        }
        return base.with(epoch, checkpoints, List.of(), List.of(), counts, 1000);
    }

    private long winner(ClusteringState s) {
        return selector.select(s).orElseThrow().cluster().id();
    }

    @Test
    void shouldPickTheLowerEpochFirst() {
        ClusteringState s = waiting(
                genesisState(), List.of(epochs(1, 10, 3, 0, "A", "B", "C"), epochs(2, 2, 1, 0, "A")), List.of());
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPickTheLaterCheckpointWhenBothAreInTheSameEpoch() {
        ClusteringState s = waiting(
                genesisState(),
                List.of(),
                List.of(checkpoint(1, 1, 232, "A", "B"), checkpoint(2, 1, 296, "C"), checkpoint(3, 1, 264, "D")));
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPickTheClusterWithMorePeersWhenEpochsAreEqual() {
        ClusteringState s =
                waiting(genesisState(), List.of(epochs(1, 10, 1, 0, "A"), epochs(2, 3, 1, 1, "B", "C")), List.of());
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPickTheClusterWithMoreIdsWhenPeersAreEqual() {
        ClusteringState s =
                waiting(genesisState(), List.of(epochs(1, 5, 1, 0, "A"), epochs(2, 8, 1, 1, "B")), List.of());
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPickTheLexicographicallySmallerIdsWhenAllElseIsEqual() {
        ClusteringState s =
                waiting(genesisState(), List.of(epochs(1, 5, 1, 7, "A"), epochs(2, 5, 1, 3, "B")), List.of());
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPickTheLowerClusterIdWhenTwoClustersAreIdentical() {
        ClusteringState s =
                waiting(genesisState(), List.of(epochs(9, 5, 1, 3, "A"), epochs(4, 5, 1, 3, "B")), List.of());
        assertThat(winner(s)).isEqualTo(4);
    }

    @Test
    void shouldPreferTheLaterStartWhenBothClustersStartBelowOurEpoch() {
        // key 1 is max(first, ourEpoch): equal here, so key 2 (first block, descending) decides
        ClusteringState base = ClusteringState.initial(id(5, false), 5, POLICY.electionBlockOf(5));
        ClusteringState s = waiting(base, List.of(epochs(1, 10, 2, 0, "A", "B"), epochs(2, 4, 4, 0, "C")), List.of());
        assertThat(winner(s)).isEqualTo(2);
    }

    @Test
    void shouldPreferEpochClustersWhenCheckpointClustersAlsoWait() {
        ClusteringState s =
                waiting(genesisState(), List.of(epochs(1, 3, 5, 0, "A")), List.of(checkpoint(2, 1, 232, "A", "B")));
        ClusterSelector.Selection sel = selector.select(s).orElseThrow();
        assertThat(sel.cluster().id()).isEqualTo(1);
        assertThat(sel.fromEpochClusters()).isTrue();
        assertThat(sel.state().checkpointClusters()).extracting(SyncCluster::id).containsExactly(2L);
    }

    @Test
    void shouldTrimIdsAtOrBelowOurFinalizedEpochWhenSelected() {
        ClusteringState base = ClusteringState.initial(hashOf(3, 0), 3, POLICY.electionBlockOf(3));
        ClusteringState s = waiting(base, List.of(epochs(1, 10, 1, 0, "A")), List.of());
        SyncCluster c = selector.select(s).orElseThrow().cluster();
        assertThat(c.firstEpoch()).isEqualTo(4);
        assertThat(c.ids()).hasSize(7).first().isEqualTo(hashOf(4, 0));
        assertThat(c.firstBlockNumber()).isEqualTo(POLICY.electionBlockOf(4));
        assertThat(c.id()).isEqualTo(1);
    }

    @Test
    void shouldEmptyACheckpointClusterWhenOurHeadIsAtOrBeyondIt() {
        ClusteringState base = ClusteringState.initial(GENESIS, 0, 264);
        ClusteringState s = waiting(base, List.of(), List.of(checkpoint(1, 1, 264, "A")));
        ClusterSelector.Selection sel = selector.select(s).orElseThrow();
        assertThat(sel.cluster().isEmpty()).isTrue();
        assertThat(sel.state().activeClusters()).containsExactly(sel.cluster());
        assertThat(sel.state().peerClusterCounts()).isEqualTo(s.peerClusterCounts());
    }

    @Test
    void shouldKeepTheRemainingClustersInOrderWhenOneIsTaken() {
        List<SyncCluster> list = List.of(
                epochs(1, 3, 4, 0, "A"), epochs(2, 3, 7, 0, "A"), epochs(3, 3, 1, 0, "A"), epochs(4, 3, 9, 0, "A"));
        ClusterSelector.Selection sel =
                selector.select(waiting(genesisState(), list, List.of())).orElseThrow();
        assertThat(sel.cluster().id()).isEqualTo(3);
        assertThat(sel.state().epochClusters()).extracting(SyncCluster::id).containsExactly(1L, 2L, 4L);
    }

    @Test
    void shouldSelectNothingWhenNoClusterWaits() {
        assertThat(selector.select(genesisState())).isEmpty();
    }

    @Test
    void shouldSelectTheSameClusterWhateverOrderTheClustersAreStoredIn() {
        long seed = 0xC1A55L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int run = 0; run < 200; run++) {
            boolean checkpoints = r.nextBoolean();
            List<SyncCluster> pool = new ArrayList<>();
            int n = 2 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String[] ps = r.nextBoolean() ? new String[] {"A"} : new String[] {"A", "B"};
                if (checkpoints) {
                    long epoch = 1 + r.nextInt(2);
                    long block = POLICY.electionBlockOf(epoch - 1) + POLICY.blocksPerBatch() * (1 + r.nextInt(3));
                    pool.add(checkpoint(i, epoch, block, ps));
                } else {
                    pool.add(epochs(i, 1 + r.nextInt(4), 1 + r.nextInt(3), r.nextInt(3), ps));
                }
            }
            long ourEpoch = checkpoints ? 0 : r.nextInt(3);
            ClusteringState base =
                    ClusteringState.initial(hashOf(ourEpoch, 0), ourEpoch, POLICY.electionBlockOf(ourEpoch));
            Long expected = null;
            for (List<SyncCluster> perm : permutations(pool)) {
                ClusteringState s = waiting(base, checkpoints ? List.of() : perm, checkpoints ? perm : List.of());
                ClusterSelector.Selection sel = selector.select(s).orElseThrow();
                if (expected == null) {
                    expected = sel.cluster().id();
                }
                assertThat(sel.cluster().id())
                        .as("seed %d run %d order %s", seed, run, perm)
                        .isEqualTo(expected);
                List<SyncCluster> rest = new ArrayList<>(perm);
                rest.removeIf(c -> c.id() == sel.cluster().id());
                assertThat(
                                checkpoints
                                        ? sel.state().checkpointClusters()
                                        : sel.state().epochClusters())
                        .as("seed %d run %d: remaining keep their order", seed, run)
                        .isEqualTo(rest);
            }
        }
    }
}
