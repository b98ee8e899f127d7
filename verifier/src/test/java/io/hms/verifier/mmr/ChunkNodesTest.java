package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Limits;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.Fault;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier.ChunkCheck;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The inner nodes chunk verification keeps ({@link HistoryProofVerifier#verifyChunkKeepingNodes})
 * and the appends that use them ({@link HistoryTree#appendLeafHash(Hash, LeafNodes)}).
 */
class ChunkNodesTest {
    private static final int CHUNK = (int) Limits.CHUNK_SIZE;

    private final List<HistoricTransaction> txs = new ArrayList<>();
    private final InMemoryNodeStore reference = new InMemoryNodeStore();
    private final HistoryTree referenceTree = new HistoryTree(reference);

    private void grow(int leaves) {
        Random rnd = new Random(11);
        while (txs.size() < leaves) {
            HistoricTransaction tx = TestTransactions.transfer(rnd, txs.size() / 100, txs.size(), 20);
            txs.add(tx);
            referenceTree.append(tx);
        }
    }

    private ChunkCheck check(int leaves, int chunk) throws ProofException {
        int first = chunk * CHUNK;
        int to = Math.min(leaves, first + CHUNK);
        RangeProof proof = referenceTree.proveRange(first, to - first, leaves);
        return HistoryProofVerifier.verifyChunkKeepingNodes(
                proof, referenceTree.rootAt(leaves), leaves, chunk, LeafHashes.of(txs.subList(first, to)));
    }

    /** Every chunk of the tree, its hashes cut at {@code cut} leaves and glued again, appended with its nodes. */
    private InMemoryNodeStore rebuildWithNodes(int leaves, int cut) throws ProofException {
        InMemoryNodeStore store = new InMemoryNodeStore();
        HistoryTree tree = new HistoryTree(store);
        for (int c = 0; c * CHUNK < leaves; c++) {
            ChunkCheck checked = check(leaves, c);
            assertThat(checked.result().isValid()).isTrue();
            LeafHashes hashes = checked.hashes();
            int split = Math.min(cut, hashes.size());
            LeafHashes glued = new LeafHashes.Builder()
                    .add(hashes.slice(0, split), 0, split)
                    .add(hashes, split, hashes.size())
                    .build();
            for (int i = 0; i < glued.size(); i++) {
                assertThat(tree.appendLeafHash(glued.leafHash(i), glued.nodes(i)))
                        .isTrue();
            }
        }
        return store;
    }

    @Test
    void shouldRebuildTheSameTreeWhenAppendingWithTheNodesOfEveryChunk() throws ProofException {
        for (int leaves : new int[] {1, 7, CHUNK, CHUNK + 1, 2 * CHUNK + 600, 3 * CHUNK + 1023}) {
            grow(leaves);
            InMemoryNodeStore rebuilt = rebuildWithNodes(leaves, 300);
            assertThat(rebuilt.size()).isEqualTo(HistoryTree.sizeForLeaves(leaves));
            for (long i = 0; i < rebuilt.size(); i++) {
                assertThat(rebuilt.get(i)).as("node %d of %d leaves", i, leaves).isEqualTo(reference.get(i));
            }
        }
    }

    @Test
    void shouldCarryAboutOneNodePerLeafWhenAChunkIsFull() throws ProofException {
        grow(3 * CHUNK);
        LeafHashes hashes = check(3 * CHUNK, 1).hashes();
        // a full aligned chunk: all 1023 inner nodes of its perfect subtree, none that reaches outside
        assertThat(hashes.nodeCount()).isEqualTo(CHUNK - 1);
        assertThat(hashes.nodes(CHUNK - 1).count()).isEqualTo(10);
        assertThat(hashes.nodes(0).count()).isZero();
    }

    @Test
    void shouldKeepNoNodesWhenTheChunkDoesNotVerify() throws ProofException {
        grow(2 * CHUNK);
        RangeProof proof = referenceTree.proveRange(0, CHUNK, 2 * CHUNK);
        ChunkCheck checked = HistoryProofVerifier.verifyChunkKeepingNodes(
                proof, referenceTree.rootAt(2 * CHUNK), 2 * CHUNK, 0, LeafHashes.of(txs.subList(CHUNK, 2 * CHUNK)));
        assertThat(checked.result()).isInstanceOf(VerifyResult.Invalid.class);
        assertThat(((VerifyResult.Invalid) checked.result()).fault()).isEqualTo(Fault.RANGE_PROOF_INVALID);
        assertThat(checked.hashes().nodeCount()).isZero();
    }

    @Test
    void shouldRefuseAndAppendNothingWhenACarriedNodeWasChanged() throws ProofException {
        grow(CHUNK);
        LeafHashes hashes = check(CHUNK, 0).hashes();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        for (int i = 0; i < 7; i++) {
            assertThat(tree.appendLeafHash(hashes.leafHash(i), hashes.nodes(i))).isTrue();
        }
        LeafNodes honest = hashes.nodes(7);
        assertThat(honest.count()).isEqualTo(3);
        byte[] bytes = new byte[honest.serializedSize()];
        honest.writeTo(bytes, 0);
        bytes[1 + 2 * Hash.LENGTH + 5] ^= 1; // the height-3 node
        long size = tree.size();

        assertThat(tree.appendLeafHash(hashes.leafHash(7), LeafNodes.readFrom(bytes, 0)))
                .isFalse();
        assertThat(tree.size()).isEqualTo(size);
        assertThat(tree.appendLeafHash(hashes.leafHash(7), LeafNodes.readFrom(bytes(honest), 0)))
                .isTrue();
    }

    @Test
    void shouldRefuseNodesWhenAttachedToAnotherLeaf() throws ProofException {
        grow(CHUNK);
        LeafHashes hashes = check(CHUNK, 0).hashes();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        for (int i = 0; i < 3; i++) {
            assertThat(tree.appendLeafHash(hashes.leafHash(i), LeafNodes.NONE)).isTrue();
        }
        // leaf 3 creates two nodes; leaf 7's three are too many, leaf 11's two belong elsewhere
        assertThat(tree.appendLeafHash(hashes.leafHash(3), hashes.nodes(7))).isFalse();
        assertThat(tree.appendLeafHash(hashes.leafHash(3), hashes.nodes(11))).isFalse();
        assertThat(tree.appendLeafHash(hashes.leafHash(11), hashes.nodes(11))).isFalse();
        assertThat(tree.size()).isEqualTo(HistoryTree.sizeForLeaves(3));
    }

    @Test
    void shouldCarryNoNodesWhenSerializedOrHashedFromItems() throws ProofException {
        grow(CHUNK);
        LeafHashes hashes = check(CHUNK, 0).hashes();
        assertThat(hashes.nodeCount()).isEqualTo(CHUNK - 1);
        assertThat(LeafHashes.fromBytes(hashes.toBytes()).nodeCount()).isZero();
        assertThat(LeafHashes.of(txs.subList(0, CHUNK)).nodeCount()).isZero();
        assertThat(LeafHashes.of(txs.subList(0, CHUNK))).isEqualTo(hashes);
    }

    private static byte[] bytes(LeafNodes nodes) {
        byte[] out = new byte[nodes.serializedSize()];
        nodes.writeTo(out, 0);
        return out;
    }
}
