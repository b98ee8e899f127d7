package io.hms.it.reliability;

import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One seeded plan of the chaos simulation: the peers, what each of them does, and when the syncing
 * node crashes. Everything here follows from the seed alone, so a failing seed prints the same plan
 * when it is run again; the interleaving of threads during the run is not part of the plan.
 */
record ChaosScenario(long seed, List<Peer> peers, List<Integer> crashAfterMillis, int flapEveryMillis) {

    /** What a simulated peer does. */
    enum Role {
        /** Serves the true chain honestly. */
        HONEST,
        /** Serves a prefix of the true chain (an honest laggard). */
        BEHIND,
        /** Serves a chain that leaves the true one at epoch 2 (an honest peer on a fork). */
        FORKED,
        /** Serves the true chain and tells one {@link Lie} from the start. */
        LIAR,
        /** Answers epoch ids, then never answers a batch set or a chunk. */
        SILENT,
        /** Serves the true chain honestly, each batch set and chunk after a delay. */
        SLOW,
        /** Serves the true chain honestly and keeps leaving and joining. */
        FLAPPING,
        /** Serves the true chain honestly for a while, then tells one {@link Lie}. */
        TURNCOAT;

        /** Whether the peer only ever tells the truth it has: such a peer must never be banned. */
        boolean honest() {
            return this != LIAR && this != TURNCOAT;
        }

        /** Whether the peer can take the node to the true chain's head on its own. */
        boolean servesTheWholeTruth() {
            return this == HONEST || this == SLOW || this == FLAPPING;
        }
    }

    /**
     * A peer of the plan: {@code lie} is set for liars and turncoats, {@code honestAnswers} is how many
     * answers a turncoat gives before lying, {@code delayMillis} is a slow peer's delay.
     */
    record Peer(PeerId id, Role role, Lie lie, int honestAnswers, int delayMillis) {
        @Override
        public String toString() {
            return id.value() + ":" + role
                    + (lie == null ? "" : "(" + lie + (role == Role.TURNCOAT ? " after " + honestAnswers : "") + ")")
                    + (role == Role.SLOW ? "(" + delayMillis + " ms)" : "");
        }
    }

    /**
     * The plan of {@code seed}: two to five peers of random roles. Four seeds in five include at
     * least one peer that serves the whole truth; the others test that the node keeps only verified
     * data when nobody can sync it. Zero to two crashes, each some time into a run of the node.
     */
    static ChaosScenario of(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Role[] roles = Role.values();
        Lie[] lies = Lie.values();
        int count = 2 + random.nextInt(4);
        boolean withTruth = random.nextInt(5) != 0;
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Role role = roles[random.nextInt(roles.length)];
            if (i == 0 && withTruth && !role.servesTheWholeTruth()) {
                role = Role.HONEST;
            }
            if (!withTruth && role.servesTheWholeTruth()) {
                role = Role.BEHIND;
            }
            Lie lie = role == Role.LIAR || role == Role.TURNCOAT ? lies[random.nextInt(lies.length)] : null;
            peers.add(new Peer(new PeerId("p" + i), role, lie, 1 + random.nextInt(12), 10 + random.nextInt(150)));
        }
        List<Integer> crashes = new ArrayList<>();
        int crashCount = random.nextInt(3);
        for (int i = 0; i < crashCount; i++) {
            crashes.add(50 + random.nextInt(1500));
        }
        return new ChaosScenario(seed, List.copyOf(peers), List.copyOf(crashes), 100 + random.nextInt(400));
    }

    boolean anyPeerServesTheWholeTruth() {
        return peers.stream().anyMatch(p -> p.role().servesTheWholeTruth());
    }

    List<PeerId> honestPeers() {
        return peers.stream().filter(p -> p.role().honest()).map(Peer::id).toList();
    }

    @Override
    public String toString() {
        return "seed=" + seed + " peers=" + peers.stream().map(Peer::toString).collect(Collectors.joining(", "))
                + " crashes after " + crashAfterMillis + " ms, flapping every " + flapEveryMillis + " ms";
    }
}
