package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Properties of proofs over trees of random sizes 0…5000 (truncations of one 5000-leaf tree):
 * every chunk and arbitrary ranges verify, and any change to a leaf, a proof node, the start, the
 * claimed size or the root makes verification fail. Seed: {@code -Dhms.seed=…}.
 */
class MmrPropertyTest {
    private static final int MAX = 5000;
    private static final long SEED = Long.getLong("hms.seed", 20240611L);
    private static final List<HistoricTransaction> TXS = new ArrayList<>();
    private static final HistoryTree TREE = new HistoryTree(new InMemoryNodeStore());

    @BeforeAll
    static void buildTree() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < MAX; i++) {
            HistoricTransaction tx =
                    i % 3 == 0 ? TestTransactions.transfer(rnd, i, i, 150) : TestTransactions.reward(rnd, i, i);
            TXS.add(tx);
            TREE.append(tx);
        }
    }

    private static List<Integer> sizes(Random rnd) {
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 2, 3, 1023, 1024, 1025, 2047, 2048, 4096, 4999, MAX));
        for (int i = 0; i < 60; i++) {
            sizes.add(rnd.nextInt(MAX + 1));
        }
        return sizes;
    }

    private static Hash root(long leaves) {
        try {
            return TREE.rootAt(leaves);
        } catch (ProofException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldMatchNaiveRootWhenTreeIsLarge() {
        for (int n : new int[] {1000, 1024, 4097, MAX}) {
            assertThat(root(n)).as("seed=%d leaves=%d", SEED, n).isEqualTo(NaiveMmr.root(TXS.subList(0, n)));
        }
    }

    @Test
    void shouldVerifyEveryChunkWhenProvedAgainstItsSize() throws ProofException {
        Random rnd = new Random(SEED + 1);
        for (int s : sizes(rnd)) {
            Hash root = root(s);
            for (int chunk = 0; chunk * 1024 < s; chunk++) {
                int first = chunk * 1024;
                int count = Math.min(1024, s - first);
                RangeProof p = TREE.proveRange(first, count, s);
                assertThat(HistoryProofVerifier.verifyChunk(p, root, s, chunk, TXS.subList(first, first + count)))
                        .as("seed=%d size=%d chunk=%d", SEED, s, chunk)
                        .isEqualTo(VerifyResult.VALID);
            }
        }
    }

    @Test
    void shouldVerifyArbitraryRangesAndRejectEveryTamperingWhenSizeIsRandom() throws ProofException {
        Random rnd = new Random(SEED + 2);
        for (int s : sizes(rnd)) {
            if (s == 0) {
                continue;
            }
            Hash root = root(s);
            for (int round = 0; round < 6; round++) {
                int first = rnd.nextInt(s);
                int count = 1 + rnd.nextInt(Math.min(s - first, round == 0 ? s : 80));
                String ctx = "seed=" + SEED + " size=" + s + " range=" + first + "+" + count;
                RangeProof p = TREE.proveRange(first, count, s);
                List<HistoricTransaction> items = TXS.subList(first, first + count);
                assertThat(HistoryProofVerifier.verifyRange(p, root, first, items))
                        .as(ctx)
                        .isEqualTo(VerifyResult.VALID);
                assertTamperingFails(p, root, first, items, s, rnd, ctx);
            }
        }
    }

    private static void assertTamperingFails(
            RangeProof p, Hash root, int first, List<HistoricTransaction> items, int s, Random rnd, String ctx) {
        // a changed leaf
        List<HistoricTransaction> changed = new ArrayList<>(items);
        int j = rnd.nextInt(items.size());
        changed.set(j, TestTransactions.reward(rnd, 1, 1));
        assertInvalid(HistoryProofVerifier.verifyRange(p, root, first, changed), ctx + " leaf " + j);
        // swapped neighbours
        if (items.size() > 1) {
            List<HistoricTransaction> swapped = new ArrayList<>(items);
            swapped.set(0, items.get(1));
            swapped.set(1, items.get(0));
            assertInvalid(HistoryProofVerifier.verifyRange(p, root, first, swapped), ctx + " swapped");
        }
        // a dropped or an added leaf
        assertInvalid(
                HistoryProofVerifier.verifyRange(p, root, first, items.subList(0, items.size() - 1)),
                ctx + " dropped leaf");
        if (first + items.size() < s) {
            assertInvalid(
                    HistoryProofVerifier.verifyRange(p, root, first, TXS.subList(first, first + items.size() + 1)),
                    ctx + " extra leaf");
        }
        // every proof node, flipped in one bit; one dropped; one added
        List<Hash> nodes = p.proof().nodes();
        for (int k = 0; k < nodes.size(); k++) {
            List<Hash> bad = new ArrayList<>(nodes);
            bad.set(k, flip(nodes.get(k), rnd));
            assertInvalid(HistoryProofVerifier.verifyRange(withNodes(p, bad), root, first, items), ctx + " node " + k);
        }
        if (!nodes.isEmpty()) {
            assertInvalid(
                    HistoryProofVerifier.verifyRange(withNodes(p, nodes.subList(1, nodes.size())), root, first, items),
                    ctx + " node dropped");
        }
        List<Hash> longer = new ArrayList<>(nodes);
        longer.add(root);
        assertInvalid(HistoryProofVerifier.verifyRange(withNodes(p, longer), root, first, items), ctx + " node added");
        // start index
        assertInvalid(HistoryProofVerifier.verifyRange(p, root, first + 1, items), ctx + " start+1");
        assertInvalid(HistoryProofVerifier.verifyRange(p, root, first - 1, items), ctx + " start-1");
        // claimed size, with the root of that size or ours
        for (int other : new int[] {s - 1, s + 1}) {
            if (other < 0 || other > MAX) {
                continue;
            }
            RangeProof resized = new RangeProof(new Proof(HistoryTree.sizeForLeaves(other), nodes), false);
            assertInvalid(HistoryProofVerifier.verifyRange(resized, root, first, items), ctx + " size " + other);
            assertInvalid(
                    HistoryProofVerifier.verifyRange(resized, root(other), first, items), ctx + " size+root " + other);
            assertInvalid(HistoryProofVerifier.verifyRange(p, root(other), first, items), ctx + " root of " + other);
        }
        // the root
        assertInvalid(HistoryProofVerifier.verifyRange(p, flip(root, rnd), first, items), ctx + " root");
    }

    @Test
    void shouldBindSizeProofToItsSizeWhenSizeIsRandom() throws ProofException {
        Random rnd = new Random(SEED + 3);
        for (int s : sizes(rnd)) {
            String ctx = "seed=" + SEED + " size=" + s;
            SizeProof p = TREE.proveSize(s, TXS.get(0));
            assertThat(p.size()).as(ctx).isEqualTo(s);
            assertThat(HistoryProofVerifier.verifySize(p, root(s))).as(ctx).isEqualTo(VerifyResult.VALID);
            for (int other : new int[] {s - 1, s + 1}) {
                if (other >= 0 && other <= MAX) {
                    assertInvalid(HistoryProofVerifier.verifySize(p, root(other)), ctx + " root of " + other);
                }
            }
            if (p instanceof SizeProof.MultipleElements m) {
                assertInvalid(
                        HistoryProofVerifier.verifySize(
                                new SizeProof.MultipleElements(s + 1, m.left(), m.right()), root(s)),
                        ctx + " +1");
                assertInvalid(
                        HistoryProofVerifier.verifySize(
                                new SizeProof.MultipleElements(s - 1, m.left(), m.right()), root(s)),
                        ctx + " -1");
                assertInvalid(
                        HistoryProofVerifier.verifySize(
                                new SizeProof.MultipleElements(s, flip(m.left(), rnd), m.right()), root(s)),
                        ctx + " left");
                assertInvalid(
                        HistoryProofVerifier.verifySize(
                                new SizeProof.MultipleElements(s, m.left(), flip(m.right(), rnd)), root(s)),
                        ctx + " right");
            }
            assertInvalid(HistoryProofVerifier.verifySize(p, flip(root(s), rnd)), ctx + " root");
        }
    }

    private static RangeProof withNodes(RangeProof p, List<Hash> nodes) {
        return new RangeProof(new Proof(p.proof().mmrSize(), nodes), p.assumePrevious());
    }

    private static Hash flip(Hash h, Random rnd) {
        byte[] b = h.toByteArray();
        int bit = rnd.nextInt(256);
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        return Hash.wrap(b);
    }

    private static void assertInvalid(VerifyResult r, String ctx) {
        assertThat(r).as(ctx).isInstanceOf(VerifyResult.Invalid.class);
    }
}
