package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.Fault;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryProofVerifierTest {
    private final Random rnd = new Random(7);
    private final InMemoryNodeStore store = new InMemoryNodeStore();
    private final HistoryTree tree = new HistoryTree(store);
    private final List<HistoricTransaction> txs = new ArrayList<>();

    private void grow(int leaves) {
        for (int i = 0; i < leaves; i++) {
            HistoricTransaction tx = TestTransactions.reward(rnd, i, i);
            txs.add(tx);
            tree.append(tx);
        }
    }

    private static void assertFault(VerifyResult r, Fault fault) {
        assertThat(r)
                .isInstanceOfSatisfying(
                        VerifyResult.Invalid.class, i -> assertThat(i.fault()).isEqualTo(fault));
    }

    // --- SPEC §6.7: a 2-leaf tree and a proof of leaf 1

    @Test
    void shouldAcceptWhenLeafOneOfTwoIsProved() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        assertThat(HistoryProofVerifier.verifyRange(p, tree.root(), 1, List.of(txs.get(1))))
                .isEqualTo(VerifyResult.VALID);
    }

    @Test
    void shouldRejectWhenProofOfLeafOneIsPresentedAsLeafZero() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        assertFault(
                HistoryProofVerifier.verifyRange(p, tree.root(), 0, List.of(txs.get(1))), Fault.RANGE_PROOF_INVALID);
    }

    @Test
    void shouldRejectWhenProvedLeafHasWrongValue() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        assertFault(
                HistoryProofVerifier.verifyRange(p, tree.root(), 1, List.of(txs.get(0))), Fault.RANGE_PROOF_INVALID);
    }

    @Test
    void shouldRejectWhenTwoLeavesArePresentedForOneLeafProof() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        assertFault(HistoryProofVerifier.verifyRange(p, tree.root(), 0, txs), Fault.PROOF_NODES_MISMATCH);
    }

    @Test
    void shouldRejectWhenLeafNumberIsOutsideTree() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        assertFault(HistoryProofVerifier.verifyRange(p, tree.root(), 2, List.of(txs.get(1))), Fault.LEAF_OUTSIDE_TREE);
        assertFault(HistoryProofVerifier.verifyRange(p, tree.root(), -1, List.of(txs.get(1))), Fault.LEAF_OUTSIDE_TREE);
    }

    @Test
    void shouldRejectWhenProofAssumesPrevious() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        RangeProof incomplete = new RangeProof(p.proof(), true);
        assertFault(
                HistoryProofVerifier.verifyRange(incomplete, tree.root(), 1, List.of(txs.get(1))),
                Fault.INCOMPLETE_PROOF);
        assertFault(HistoryProofVerifier.verifyChunk(incomplete, tree.root(), 2, 0, txs), Fault.INCOMPLETE_PROOF);
    }

    @Test
    void shouldRejectWhenMmrSizeIsNotATreeSize() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(1, 1, 2);
        RangeProof bad = new RangeProof(new Proof(2, p.proof().nodes()), false);
        assertFault(HistoryProofVerifier.verifyRange(bad, tree.root(), 1, List.of(txs.get(1))), Fault.INVALID_MMR_SIZE);
        RangeProof negative = new RangeProof(new Proof(-1, p.proof().nodes()), false);
        assertFault(
                HistoryProofVerifier.verifyRange(negative, tree.root(), 1, List.of(txs.get(1))),
                Fault.INVALID_MMR_SIZE);
    }

    @Test
    void shouldRejectWhenProofOfWholeTreeClaimsOneMoreLeaf() throws ProofException {
        grow(2);
        RangeProof p = tree.proveRange(0, 2, 2);
        assertThat(p.proof().nodes()).isEmpty();
        // a trailing peak without a proof node must not be absorbed by a computed peak
        RangeProof larger = new RangeProof(new Proof(HistoryTree.sizeForLeaves(3), List.of()), false);
        assertFault(HistoryProofVerifier.verifyRange(larger, tree.root(), 0, txs), Fault.PROOF_NODES_MISMATCH);
    }

    // --- the empty tree and the completeness finding (SPEC §3.6, §7.2 item 16)

    @Test
    void shouldAcceptEmptyProofWhenTreeIsEmpty() {
        RangeProof empty = new RangeProof(new Proof(0, List.of()), false);
        assertThat(HistoryProofVerifier.verifyRange(empty, HistoryTree.emptyRoot(), 0, List.of()))
                .isEqualTo(VerifyResult.VALID);
        assertFault(HistoryProofVerifier.verifyRange(empty, Hash.ZERO, 0, List.of()), Fault.RANGE_PROOF_INVALID);
        RangeProof withNode = new RangeProof(new Proof(0, List.of(Hash.ZERO)), false);
        assertFault(
                HistoryProofVerifier.verifyRange(withNode, HistoryTree.emptyRoot(), 0, List.of()),
                Fault.PROOF_NODES_MISMATCH);
    }

    @Test
    void shouldAcceptEmptyRangeProvedByRootWhenUsingVerifyWithStartLikeOriginal() {
        grow(1500);
        RangeProof rootOnly = new RangeProof(new Proof(tree.size(), List.of(tree.root())), false);
        assertThat(HistoryProofVerifier.verifyRange(rootOnly, tree.root(), 1024, List.of()))
                .isEqualTo(VerifyResult.VALID);
        assertFault(
                HistoryProofVerifier.verifyChunk(rootOnly, tree.root(), 1500, 1, List.of()), Fault.CHUNK_INCOMPLETE);
    }

    @Test
    void shouldRejectVerifiedPrefixWhenCheckingChunk() throws ProofException {
        grow(1500);
        RangeProof prefix = tree.proveRange(1024, 100, 1500);
        List<HistoricTransaction> items = txs.subList(1024, 1124);
        assertThat(HistoryProofVerifier.verifyRange(prefix, tree.root(), 1024, items))
                .isEqualTo(VerifyResult.VALID);
        assertFault(HistoryProofVerifier.verifyChunk(prefix, tree.root(), 1500, 1, items), Fault.CHUNK_INCOMPLETE);
    }

    @Test
    void shouldRejectTooManyItemsWhenCheckingChunk() throws ProofException {
        grow(2100);
        RangeProof overlong = tree.proveRange(0, 1025, 2100);
        List<HistoricTransaction> items = txs.subList(0, 1025);
        assertThat(HistoryProofVerifier.verifyRange(overlong, tree.root(), 0, items))
                .isEqualTo(VerifyResult.VALID);
        assertFault(HistoryProofVerifier.verifyChunk(overlong, tree.root(), 2100, 0, items), Fault.CHUNK_TOO_LONG);
    }

    @Test
    void shouldRejectProofForOtherSizeWhenCheckingChunk() throws ProofException {
        grow(1500);
        RangeProof smaller = tree.proveRange(1024, 400, 1424);
        assertFault(
                HistoryProofVerifier.verifyChunk(smaller, tree.root(), 1500, 1, txs.subList(1024, 1424)),
                Fault.PROOF_SIZE_MISMATCH);
    }

    @Test
    void shouldJudgeChunkLikeItsItemsWhenGivenTheirHashes() throws ProofException {
        grow(2100);
        Hash root = tree.root();
        for (int chunk = 0; chunk < 3; chunk++) {
            int first = chunk * 1024;
            int count = Math.min(1024, 2100 - first);
            RangeProof p = tree.proveRange(first, count, 2100);
            LeafHashes hashes = LeafHashes.of(txs.subList(first, first + count));
            assertThat(HistoryProofVerifier.verifyChunk(p, root, 2100, chunk, hashes))
                    .as("chunk %d", chunk)
                    .isEqualTo(VerifyResult.VALID);
            assertFault(
                    HistoryProofVerifier.verifyChunk(p, root, 2100, chunk, hashes.slice(0, count - 1)),
                    Fault.CHUNK_INCOMPLETE);
        }
    }

    @Test
    void shouldRejectChunkWhenOneHashIsOfAnotherItem() throws ProofException {
        grow(1500);
        RangeProof p = tree.proveRange(1024, 476, 1500);
        List<HistoricTransaction> swapped = new ArrayList<>(txs.subList(1024, 1500));
        swapped.set(10, txs.get(0));
        assertFault(
                HistoryProofVerifier.verifyChunk(p, tree.root(), 1500, 1, LeafHashes.of(swapped)),
                Fault.RANGE_PROOF_INVALID);
    }

    @Test
    void shouldAcceptCompleteChunksWhenSizeIsNotChunkAligned() throws ProofException {
        grow(2100);
        Hash root = tree.root();
        for (int chunk = 0; chunk < 3; chunk++) {
            int first = chunk * 1024;
            int count = Math.min(1024, 2100 - first);
            RangeProof p = tree.proveRange(first, count, 2100);
            assertThat(HistoryProofVerifier.verifyChunk(p, root, 2100, chunk, txs.subList(first, first + count)))
                    .as("chunk %d", chunk)
                    .isEqualTo(VerifyResult.VALID);
        }
    }

    @Test
    void shouldThrowWhenChunkIndexAddressesNoLeaf() throws ProofException {
        grow(10);
        RangeProof p = tree.proveRange(0, 10, 10);
        assertThatThrownBy(() -> HistoryProofVerifier.verifyChunk(p, tree.root(), 10, 1, txs))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryProofVerifier.verifyChunk(p, tree.root(), 0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- size proofs (SPEC §3.7)

    @Test
    void shouldAcceptSizeProofsWhenBuiltByTree() throws ProofException {
        grow(9);
        for (int leaves = 0; leaves <= 9; leaves++) {
            SizeProof p = tree.proveSize(leaves, txs.get(0));
            assertThat(p.size()).isEqualTo(leaves);
            assertThat(HistoryProofVerifier.verifySize(p, tree.rootAt(leaves)))
                    .as("leaves %d", leaves)
                    .isEqualTo(VerifyResult.VALID);
        }
    }

    @Test
    void shouldRejectSizeProofWhenRootDiffers() throws ProofException {
        grow(9);
        assertFault(
                HistoryProofVerifier.verifySize(SizeProof.EmptyTree.INSTANCE, tree.root()), Fault.SIZE_PROOF_MISMATCH);
        assertFault(
                HistoryProofVerifier.verifySize(tree.proveSize(1, txs.get(1)), tree.rootAt(1)),
                Fault.SIZE_PROOF_MISMATCH);
        SizeProof.MultipleElements m = (SizeProof.MultipleElements) tree.proveSize(9, null);
        assertFault(
                HistoryProofVerifier.verifySize(new SizeProof.MultipleElements(8, m.left(), m.right()), tree.root()),
                Fault.SIZE_PROOF_MISMATCH);
        assertFault(
                HistoryProofVerifier.verifySize(new SizeProof.MultipleElements(9, m.right(), m.left()), tree.root()),
                Fault.SIZE_PROOF_MISMATCH);
    }

    @Test
    void shouldRejectSizeProofWhenVariantDoesNotFitSize() throws ProofException {
        grow(2);
        assertFault(
                HistoryProofVerifier.verifySize(new SizeProof.SingleElement(2, txs.get(0)), tree.rootAt(1)),
                Fault.SIZE_PROOF_MALFORMED);
        assertFault(
                HistoryProofVerifier.verifySize(
                        new SizeProof.MultipleElements(1, store.get(0), store.get(1)), tree.root()),
                Fault.SIZE_PROOF_MALFORMED);
        assertFault(
                HistoryProofVerifier.verifySize(
                        new SizeProof.MultipleElements(-2, store.get(0), store.get(1)), tree.root()),
                Fault.SIZE_PROOF_MALFORMED);
    }
}
