package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryTreeTest {
    private final Random rnd = new Random(42);
    private final InMemoryNodeStore store = new InMemoryNodeStore();
    private final HistoryTree tree = new HistoryTree(store);
    private final List<HistoricTransaction> txs = new ArrayList<>();

    private void grow(int leaves) {
        for (int i = 0; i < leaves; i++) {
            HistoricTransaction tx = TestTransactions.transfer(rnd, 100 + i, 1000L * i, 150 + rnd.nextInt(100));
            txs.add(tx);
            tree.append(tx);
        }
    }

    private Hash n(int index) {
        return store.get(index);
    }

    private static Hash h(long prefix, Hash left, Hash right) {
        return Hash.wrap(NaiveMmr.h(prefix, left.toByteArray(), right.toByteArray()));
    }

    private List<Hash> proofNodes(long first, long count, long leaves) throws ProofException {
        return tree.proveRange(first, count, leaves).proof().nodes();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8})
    void shouldMatchNaiveRootWhenTreeIsSmall(int leaves) {
        grow(leaves);
        assertThat(tree.numLeaves()).isEqualTo(leaves);
        assertThat(tree.size()).isEqualTo(HistoryTree.sizeForLeaves(leaves));
        assertThat(tree.root()).isEqualTo(NaiveMmr.root(txs));
    }

    @Test
    void shouldMatchNaiveRootAtEveryPrefixWhenTreeHasManyLeaves() throws ProofException {
        grow(70);
        for (int leaves = 0; leaves <= 70; leaves++) {
            assertThat(tree.rootAt(leaves)).as("leaves %d", leaves).isEqualTo(NaiveMmr.root(txs.subList(0, leaves)));
        }
    }

    @Test
    void shouldLayOutNodesWhenGivenSpecWorkedExamples() {
        grow(7);
        Hash[] leaf = new Hash[7];
        for (int i = 0; i < 7; i++) {
            leaf[i] = HistoryTree.leafHash(txs.get(i));
            assertThat(n((int) HistoryTree.leafIndexToNode(i))).isEqualTo(leaf[i]);
        }
        assertThat(n(2)).isEqualTo(h(2, leaf[0], leaf[1]));
        assertThat(n(5)).isEqualTo(h(2, leaf[2], leaf[3]));
        assertThat(n(6)).isEqualTo(h(4, n(2), n(5)));
        assertThat(n(9)).isEqualTo(h(2, leaf[4], leaf[5]));
        assertThat(tree.root()).isEqualTo(h(7, n(6), h(3, n(9), n(10))));
        assertThat(rootAt(3)).isEqualTo(h(3, n(2), n(3)));
        assertThat(rootAt(5)).isEqualTo(h(5, n(6), n(7)));
        assertThat(rootAt(1)).isEqualTo(leaf[0]);
        assertThat(rootAt(0)).isEqualTo(HistoryTree.emptyRoot());
        assertThat(HistoryTree.emptyRoot()).isEqualTo(Hash.wrap(NaiveMmr.h(0)));
    }

    private Hash rootAt(long leaves) {
        try {
            return tree.rootAt(leaves);
        } catch (ProofException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldEmitSpecProofNodesWhenTreeHasElevenLeaves() throws ProofException {
        grow(11);
        Hash bag1718 = h(3, n(17), n(18));
        assertThat(proofNodes(1, 1, 11)).containsExactly(n(0), n(5), n(13), bag1718);
        assertThat(proofNodes(1, 6, 11)).containsExactly(n(0), n(11), bag1718);
        assertThat(proofNodes(7, 3, 11)).containsExactly(n(10), n(9), n(6), n(18));
        assertThat(proofNodes(8, 2, 11)).containsExactly(n(14), n(18));
        assertThat(proofNodes(10, 1, 11)).containsExactly(n(14), n(17));
    }

    @Test
    void shouldEmitSpecProofNodesWhenTreeIsSmall() throws ProofException {
        grow(5);
        assertThat(proofNodes(0, 1, 3)).containsExactly(n(1), n(3));
        assertThat(proofNodes(2, 1, 3)).containsExactly(n(2));
        assertThat(proofNodes(0, 1, 2)).containsExactly(n(1));
        assertThat(proofNodes(1, 1, 2)).containsExactly(n(0));
        assertThat(proofNodes(0, 2, 2)).isEmpty();
        assertThat(proofNodes(2, 2, 5)).containsExactly(n(2), n(7));
        RangeProof p = tree.proveRange(2, 2, 5);
        assertThat(p.assumePrevious()).isFalse();
        assertThat(p.proof().mmrSize()).isEqualTo(8);
    }

    @Test
    void shouldFailWhenRangeIsEmptyOrBeyondTree() {
        grow(5);
        assertThatThrownBy(() -> tree.proveRange(0, 0, 5))
                .isInstanceOfSatisfying(
                        ProofException.class, e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.EMPTY_RANGE));
        assertThatThrownBy(() -> tree.proveRange(4, 2, 5))
                .isInstanceOfSatisfying(
                        ProofException.class, e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BEYOND_TREE));
        assertThatThrownBy(() -> tree.proveRange(5, 1, 5))
                .isInstanceOfSatisfying(
                        ProofException.class, e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BEYOND_TREE));
        assertThatThrownBy(() -> tree.proveRange(-1, 1, 5))
                .isInstanceOfSatisfying(
                        ProofException.class, e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BEYOND_TREE));
        assertThatThrownBy(() -> tree.proveRange(0, 1, 6))
                .isInstanceOfSatisfying(
                        ProofException.class, e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BEYOND_TREE));
        assertThatThrownBy(() -> tree.rootAt(6)).isInstanceOf(ProofException.class);
        assertThatThrownBy(() -> tree.proveSize(6, null)).isInstanceOf(ProofException.class);
    }

    @Test
    void shouldBuildSpecSizeProofsWhenGivenExamples() throws ProofException {
        grow(7);
        assertThat(tree.proveSize(0, null)).isEqualTo(SizeProof.EmptyTree.INSTANCE);
        assertThat(tree.proveSize(1, txs.get(0))).isEqualTo(new SizeProof.SingleElement(1, txs.get(0)));
        assertThat(tree.proveSize(4, null)).isEqualTo(new SizeProof.MultipleElements(4, n(2), n(5)));
        assertThat(tree.proveSize(5, null)).isEqualTo(new SizeProof.MultipleElements(5, n(6), n(7)));
        assertThat(tree.proveSize(3, null)).isEqualTo(new SizeProof.MultipleElements(3, n(2), n(3)));
        assertThat(tree.proveSize(7, null)).isEqualTo(new SizeProof.MultipleElements(7, n(6), h(3, n(9), n(10))));
        assertThat(tree.proveSize(2, null)).isEqualTo(new SizeProof.MultipleElements(2, n(0), n(1)));
        assertThatThrownBy(() -> tree.proveSize(1, null))
                .isInstanceOfSatisfying(
                        ProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.MISSING_ITEM));
    }

    @Test
    void shouldEqualAppendWhenAppendingAllAtOnce() {
        grow(33);
        HistoryTree other = new HistoryTree(new InMemoryNodeStore());
        other.appendAll(txs.subList(0, 10));
        other.appendAll(txs.subList(10, 33));
        assertThat(other.root()).isEqualTo(tree.root());
        assertThat(other.size()).isEqualTo(tree.size());
        HistoryTree third = new HistoryTree(new InMemoryNodeStore());
        for (HistoricTransaction tx : txs) {
            third.appendLeafHash(HistoryTree.leafHash(tx));
        }
        assertThat(third.root()).isEqualTo(tree.root());
    }

    @Test
    void shouldHashEncodedTransactionLikeRecordWhenGivenItsEncoding() {
        HistoricTransaction tx = TestTransactions.transfer(rnd, 7, 8, 200);
        byte[] enc = HistoricTransaction.CODEC.encode(tx);
        assertThat(HistoryTree.leafHashOfEncoded(enc, 0, enc.length)).isEqualTo(HistoryTree.leafHash(tx));
        assertThat(HistoryTree.leafHash(tx)).isEqualTo(Hash.wrap(NaiveMmr.leaf(tx)));
    }

    @Test
    void shouldReadOnlySiblingsWhenAppending() {
        int[] reads = {0};
        NodeStore counting = new NodeStore() {
            @Override
            public long size() {
                return store.size();
            }

            @Override
            public Hash get(long index) {
                reads[0]++;
                return store.get(index);
            }

            @Override
            public void append(Hash node) {
                store.append(node);
            }
        };
        HistoryTree t = new HistoryTree(counting);
        for (int i = 0; i < 1024; i++) {
            t.append(TestTransactions.reward(rnd, i, i));
        }
        // one read per merge: 1023 merges for 1024 leaves
        assertThat(reads[0]).isEqualTo(1023);
        reads[0] = 0;
        t.root();
        assertThat(reads[0]).isEqualTo(1);
    }
}
