package io.hms.engine.sync.clustering;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The id generator and fixtures of SPEC §6.1 (policy TEST: B=32, N=4, G=200; our chain at genesis). */
final class EpochIdGen {
    static final Policy POLICY = Policy.TEST;
    /** A fixed fake genesis hash: differs from every generated id. */
    static final Hash GENESIS = fill(0x5A);

    static final long GENESIS_BLOCK = 200;
    static final int NO_DIVERGENCE = -1;

    private EpochIdGen() {}

    static Hash fill(int value) {
        byte[] b = new byte[Hash.LENGTH];
        Arrays.fill(b, (byte) value);
        return Hash.wrap(b);
    }

    /** Bytes 0–7 = {@code epoch} little-endian, byte 9 = 1 if diverged. */
    static Hash id(long epoch, boolean diverged) {
        byte[] b = new byte[Hash.LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (epoch >>> (8 * i));
        }
        b[9] = (byte) (diverged ? 1 : 0);
        return Hash.wrap(b);
    }

    /** Bytes 0–7 = {@code epoch} little-endian, byte 10 = {@code tag}: ids of other test chains. */
    static Hash hashOf(long epoch, int tag) {
        byte[] b = id(epoch, false).toByteArray();
        b[10] = (byte) tag;
        return Hash.wrap(b);
    }

    /** {@code gen(sender, len, first, divergeAt, withCheckpoint)} of SPEC §6.1. */
    static EpochIds gen(String sender, int len, long first, int divergeAt, boolean withCheckpoint) {
        List<Hash> ids = new ArrayList<>();
        for (long i = first; i < first + len; i++) {
            ids.add(id(i, divergeAt >= 0 && i >= first + divergeAt));
        }
        Optional<Checkpoint> cp = Optional.empty();
        if (withCheckpoint) {
            long e = POLICY.blocksPerEpoch();
            long number = (first + len) * e + POLICY.blocksPerBatch() + POLICY.genesisBlockNumber();
            cp = Optional.of(new Checkpoint(number, id(first + len, divergeAt >= 0 && len >= divergeAt)));
        }
        return new EpochIds(true, ids, cp, first, new PeerId(sender));
    }

    static EpochIds gen(String sender, int len, long first) {
        return gen(sender, len, first, NO_DIVERGENCE, false);
    }

    static ClusteringState genesisState() {
        return ClusteringState.initial(GENESIS, 0, GENESIS_BLOCK);
    }

    /** {@code k@f/p}: k ids from epoch f with p peers (SPEC §6 notation). */
    static String shape(SyncCluster c) {
        return c.size() + "@" + c.firstEpoch() + "/" + c.peers().size();
    }

    static List<String> shapes(List<SyncCluster> clusters) {
        return clusters.stream().map(EpochIdGen::shape).toList();
    }

    static Map<String, Integer> counts(ClusteringState s) {
        Map<String, Integer> out = new HashMap<>();
        s.peerClusterCounts().forEach((p, n) -> out.put(p.value(), n));
        return out;
    }

    /** Every tracked peer's count equals the number of clusters (waiting, active, finishing) holding it. */
    static void assertCountsMatchMembership(ClusteringState s, String context) {
        Map<PeerId, Integer> actual = new HashMap<>();
        List<SyncCluster> all = new ArrayList<>(s.epochClusters());
        all.addAll(s.checkpointClusters());
        all.addAll(s.activeClusters());
        all.addAll(s.finishingClusters());
        for (SyncCluster c : all) {
            for (PeerId p : c.peers().asList()) {
                actual.merge(p, 1, Integer::sum);
            }
        }
        assertThat(s.peerClusterCounts())
                .as("cluster counts vs membership, %s", context)
                .isEqualTo(actual);
    }

    /** Every order of {@code items} (STYLE: results must not depend on input order). */
    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> full = new ArrayList<>();
                full.add(head);
                full.addAll(p);
                out.add(full);
            }
        }
        return out;
    }
}
