package io.hms.engine.sync.clustering;

import static io.hms.engine.sync.clustering.EpochIdGen.POLICY;
import static io.hms.engine.sync.clustering.EpochIdGen.assertCountsMatchMembership;
import static io.hms.engine.sync.clustering.EpochIdGen.genesisState;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random peers on a small tree of forks: whatever they offer and in whatever order, every offered
 * id ends up in a cluster the peer belongs to, at the right epoch, and the per-peer counts always equal cluster membership, also across selection, finishing and
 * peers leaving.
 */
class ClusteringPropertyTest {
    private static final long SEED = 0x5EED_C105L;
    private static final int RUNS = 400;
    /** Branch b diverges from its parent at DIVERGE[b]; branch 0 is the main chain. */
    private static final int[] PARENT = {0, 0, 0, 1};

    private static final int[] DIVERGE = {0, 4, 7, 9};

    private final EpochIdClusterer clusterer = new EpochIdClusterer(POLICY, 100);
    private final ClusterSelector selector = new ClusterSelector(POLICY);

    /** The id of {@code epoch} on {@code branch}: tagged with the branch it was produced on. */
    private static Hash idOn(int branch, long epoch) {
        while (branch != 0 && epoch < DIVERGE[branch]) {
            branch = PARENT[branch];
        }
        return EpochIdGen.hashOf(epoch, branch);
    }

    private static EpochIds randomIds(SplittableRandom r, String sender) {
        int branch = r.nextInt(PARENT.length);
        long first = 1 + r.nextInt(5);
        int len = r.nextInt(13);
        List<Hash> ids = new ArrayList<>();
        for (long e = first; e < first + len; e++) {
            ids.add(idOn(branch, e));
        }
        Optional<Checkpoint> cp = Optional.empty();
        if (len == 0 || r.nextBoolean()) {
            long ce = first + len;
            long number = POLICY.firstBlockOf(ce) - 1 + POLICY.blocksPerBatch();
            cp = Optional.of(new Checkpoint(number, EpochIdGen.hashOf(ce, 100 + branch)));
        }
        return new EpochIds(true, ids, cp, first, new PeerId(sender));
    }

    @Test
    void shouldPlaceEveryOfferedIdInOneOfThePeersClustersWhateverTheOrder() {
        SplittableRandom seeds = new SplittableRandom(SEED);
        for (int run = 0; run < RUNS; run++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            ClusteringState s = genesisState();
            Map<PeerId, EpochIds> clustered = new HashMap<>();
            int peers = 2 + r.nextInt(6);
            for (int p = 0; p < peers; p++) {
                EpochIds in = randomIds(r, "P" + p);
                ClusteringDecision d = clusterer.cluster(s, in);
                s = d.state();
                if (d.verdict() == Verdict.CLUSTERED) {
                    clustered.put(in.sender(), in);
                }
                if (r.nextInt(4) == 0) {
                    s = selector.select(s).map(ClusterSelector.Selection::state).orElse(s);
                }
                assertCountsMatchMembership(s, "seed " + seed);
            }
            for (EpochIds in : clustered.values()) {
                assertCovered(s, in, seed);
            }
            for (PeerId p : List.copyOf(s.peerClusterCounts().keySet())) {
                if (r.nextBoolean()) {
                    s = s.withoutPeer(p);
                } else if (!s.activeClusters().isEmpty()) {
                    s = ClusterFinisher.finish(s, s.activeClusters().get(0).id(), ClusterOutcome.COMPLETED)
                            .state();
                }
                assertCountsMatchMembership(s, "seed " + seed + " after release");
            }
        }
    }

    private static void assertCovered(ClusteringState s, EpochIds in, long seed) {
        List<SyncCluster> mine = new ArrayList<>();
        List<SyncCluster> all = new ArrayList<>(s.epochClusters());
        all.addAll(s.activeClusters());
        all.addAll(s.checkpointClusters());
        for (SyncCluster c : all) {
            if (c.peers().contains(in.sender())) {
                mine.add(c);
            }
        }
        for (int i = 0; i < in.ids().size(); i++) {
            long epoch = in.firstEpoch() + i;
            Hash id = in.ids().get(i);
            long holders = mine.stream()
                    .filter(c -> c.kind() == ClusterKind.EPOCH && c.covers(epoch))
                    .filter(c -> c.ids().get((int) (epoch - c.firstEpoch())).equals(id))
                    .count();
            assertThat(holders)
                    .as("seed %d: %s epoch %d held by one of its clusters %s", seed, in.sender(), epoch, mine)
                    .isPositive();
        }
        in.checkpoint()
                .ifPresent(cp -> assertThat(mine)
                        .as("seed %d: checkpoint of %s", seed, in.sender())
                        .anyMatch(c -> c.kind() == ClusterKind.CHECKPOINT
                                && c.firstEpoch() == in.checkpointEpoch()
                                && c.ids().equals(List.of(cp.hash()))));
    }
}
