package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Policy;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.Signature;
import io.hms.verifier.Fault;
import io.hms.verifier.JustificationVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rejection names its reason and leaves heads, counts and roots exactly as they were. */
class PushRejectionTest {
    @TempDir
    Path dir;

    private TestChain test;
    private Blockchain chain;

    @BeforeEach
    void pushTwoBatches() throws StoreException {
        test = new TestChain(21, Policy.UNIT).extend(8, 5);
        chain = RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false));
        push(test.batch(0));
        push(test.batch(1));
    }

    /** After any rejection the store goes on as if it never happened. */
    @org.junit.jupiter.api.AfterEach
    void shouldContinueAfterRejections() {
        try {
            assertThat(push(test.batch(2)).isExtended()).isTrue();
            assertThat(push(test.batch(3)).isExtended()).isTrue();
        } finally {
            chain.close();
        }
    }

    private PushResult push(TestChain.Batch b) {
        return chain.pushHistorySync(b.block(), b.firstLeaf(), b.items());
    }

    /** Pushes, expects the rejection, and checks that nothing changed. */
    private Rejected expectRejected(
            MacroBlock block, long firstLeaf, List<HistoricTransaction> items, PushError error) {
        StoreSnapshot before = StoreSnapshot.of(chain);
        PushResult r = chain.pushHistorySync(block, firstLeaf, items);
        assertThat(r)
                .isInstanceOfSatisfying(
                        Rejected.class, rejected -> assertThat(rejected.error()).isEqualTo(error));
        assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
        assertThat(chain.blockByHash(block.hash())).isEmpty();
        for (HistoricTransaction tx : items) {
            if (!test.epochItems(test.policy().epochAt(block.blockNumber())).contains(tx)) {
                assertThat(chain.findTransaction(tx.hash())).isEmpty();
            }
        }
        return (Rejected) r;
    }

    @Test
    void shouldRejectRootMismatchWhenBlockClaimsAnotherHistory() {
        TestChain.Batch b = test.batch(2);
        MacroBlock forged = test.withHistoryRoot(b.block(), Hash.ZERO);
        expectRejected(forged, b.firstLeaf(), b.items(), PushError.HISTORY_ROOT_MISMATCH);
    }

    @Test
    void shouldRejectRootMismatchWhenAnItemIsMissingOrExtra() {
        TestChain.Batch b = test.batch(2);
        expectRejected(
                b.block(), b.firstLeaf(), b.items().subList(0, b.items().size() - 1), PushError.HISTORY_ROOT_MISMATCH);
        List<HistoricTransaction> extra = new ArrayList<>(b.items());
        extra.add(b.items().get(0));
        expectRejected(b.block(), b.firstLeaf(), extra, PushError.HISTORY_ROOT_MISMATCH);
    }

    @Test
    void shouldRejectGapWhenHistoryStartsAfterOurPosition() {
        TestChain.Batch b = test.batch(2);
        expectRejected(
                b.block(), b.firstLeaf() + 1, b.items().subList(1, b.items().size()), PushError.HISTORY_GAP);
        expectRejected(
                test.batch(3).block(), test.batch(3).firstLeaf(), test.batch(3).items(), PushError.HISTORY_GAP);
    }

    @Test
    void shouldRejectConflictWhenOverlappingItemDiffers() {
        TestChain.Batch b = test.batch(2);
        List<HistoricTransaction> items = new ArrayList<>(test.epochItems(1).subList(0, (int) b.endLeaf()));
        HistoricTransaction original = items.get(1);
        items.set(1, new HistoricTransaction(original.blockNumber(), original.blockTime() + 1, original.data()));
        Rejected r = expectRejected(b.block(), 0, items, PushError.HISTORY_CONFLICT);
        assertThat(r.detail()).contains("leaf 1");
    }

    @Test
    void shouldRejectWrongPredecessorWhenBlockComesFromAnotherChain() {
        TestChain other = new TestChain(99, Policy.UNIT).extend(3, 5);
        TestChain.Batch b = other.batch(2);
        Rejected r = expectRejected(
                b.block(), 0, other.epochItems(1).subList(0, (int) b.endLeaf()), PushError.WRONG_PREDECESSOR);
        assertThat(r.fault()).contains(Fault.WRONG_PARENT_ELECTION_HASH);
    }

    @Test
    void shouldRejectWrongPredecessorWhenBlockSkipsAnElection() {
        TestChain.Batch b = test.batch(6); // epoch 2: beyond the election block after our head
        Rejected r = expectRejected(
                b.block(), 0, test.epochItems(2).subList(0, (int) b.endLeaf()), PushError.WRONG_PREDECESSOR);
        assertThat(r.fault()).contains(Fault.BLOCK_BEYOND_NEXT_ELECTION);
    }

    @Test
    void shouldRejectBadSignatureWhenOneSignatureIsTampered() {
        TestChain.Batch b = test.batch(2);
        Justification j = b.block().justification().orElseThrow();
        List<Signature> sigs = new ArrayList<>(j.signatures());
        byte[] bytes = sigs.get(1).toByteArray();
        bytes[5] ^= 1;
        sigs.set(1, Signature.of(bytes));
        MacroBlock forged =
                new MacroBlock(b.block().header(), b.block().body(), Optional.of(new Justification(j.signers(), sigs)));
        Rejected r = expectRejected(forged, b.firstLeaf(), b.items(), PushError.INVALID_JUSTIFICATION);
        assertThat(r.fault()).contains(Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectWeakJustificationWhenTooFewSlotsSigned() {
        TestChain.Batch b = test.batch(2);
        Justification weak =
                JustificationVerifier.sign(TestChain.NETWORK, b.block().hash(), test.keysOf(1), new int[] {0, 1});
        MacroBlock forged = new MacroBlock(b.block().header(), b.block().body(), Optional.of(weak));
        assertThat(expectRejected(forged, b.firstLeaf(), b.items(), PushError.INVALID_JUSTIFICATION)
                        .fault())
                .contains(Fault.INSUFFICIENT_SLOTS);
        MacroBlock unsigned = new MacroBlock(b.block().header(), b.block().body(), Optional.empty());
        assertThat(expectRejected(unsigned, b.firstLeaf(), b.items(), PushError.INVALID_JUSTIFICATION)
                        .fault())
                .contains(Fault.MISSING_JUSTIFICATION);
    }

    @Test
    void shouldRejectSignaturesOfTheWrongValidatorsWhenEpochIsGovernedByOthers() {
        TestChain.Batch b = test.batch(2);
        Justification wrong =
                JustificationVerifier.sign(TestChain.NETWORK, b.block().hash(), test.keysOf(2), new int[] {0, 1, 2});
        MacroBlock forged = new MacroBlock(b.block().header(), b.block().body(), Optional.of(wrong));
        assertThat(expectRejected(forged, b.firstLeaf(), b.items(), PushError.INVALID_JUSTIFICATION)
                        .fault())
                .contains(Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectInvalidBlockWhenIntrinsicChecksFail() {
        TestChain.Batch b = test.batch(2);
        MacroHeader h = b.block().header();
        MacroHeader otherNetwork = new MacroHeader(
                TestChain.NETWORK + 1,
                h.version(),
                h.blockNumber(),
                h.timestamp(),
                h.parentHash(),
                h.parentElectionHash(),
                h.historyRoot(),
                h.bodyRoot(),
                ByteString.EMPTY);
        assertThat(expectRejected(
                                test.sign(otherNetwork, b.block().body()),
                                b.firstLeaf(),
                                b.items(),
                                PushError.INVALID_BLOCK)
                        .fault())
                .contains(Fault.WRONG_NETWORK);
        MacroBody withValidators = MacroBody.election(test.validatorSet(2));
        MacroHeader checkpointWithSet = new MacroHeader(
                h.network(),
                h.version(),
                h.blockNumber(),
                h.timestamp(),
                h.parentHash(),
                h.parentElectionHash(),
                h.historyRoot(),
                withValidators.hash(),
                ByteString.EMPTY);
        assertThat(expectRejected(
                                test.sign(checkpointWithSet, withValidators),
                                b.firstLeaf(),
                                b.items(),
                                PushError.INVALID_BLOCK)
                        .fault())
                .contains(Fault.CHECKPOINT_WITH_VALIDATORS);
    }

    @Test
    void shouldRejectNotAMacroBlockWhenNumberIsAMicroBlockPosition() {
        TestChain.Batch b = test.batch(2);
        MacroHeader h = b.block().header();
        MacroHeader micro = new MacroHeader(
                h.network(),
                h.version(),
                h.blockNumber() - 1,
                h.timestamp(),
                h.parentHash(),
                h.parentElectionHash(),
                h.historyRoot(),
                h.bodyRoot(),
                ByteString.EMPTY);
        expectRejected(test.sign(micro, b.block().body()), b.firstLeaf(), b.items(), PushError.NOT_A_MACRO_BLOCK);
    }

    /** Random mixes of valid and corrupted pushes keep the store equal to a model of the valid ones. */
    @Test
    void shouldMatchModelWhenValidAndCorruptedPushesInterleave() {
        for (int round = 0; round < 6; round++) {
            long seed = 1000 + round;
            Random rnd = new Random(seed);
            int next = 2;
            for (int step = 0; step < 25 && next < test.batches().size(); step++) {
                TestChain.Batch b = test.batch(next);
                StoreSnapshot before = StoreSnapshot.of(chain);
                PushResult r;
                switch (rnd.nextInt(4)) {
                    case 0 ->
                        r = chain.pushHistorySync(test.withHistoryRoot(b.block(), Hash.ZERO), b.firstLeaf(), b.items());
                    case 1 -> r = chain.pushHistorySync(b.block(), b.firstLeaf() + 1 + rnd.nextInt(3), b.items());
                    case 2 -> r = push(test.batch(rnd.nextInt(next)));
                    default -> {
                        r = push(b);
                        assertThat(r.isExtended())
                                .as("seed %d step %d", seed, step)
                                .isTrue();
                        next++;
                        continue;
                    }
                }
                assertThat(r.isExtended())
                        .as("seed %d step %d: %s", seed, step, r)
                        .isFalse();
                assertThat(StoreSnapshot.of(chain))
                        .as("seed %d step %d", seed, step)
                        .isEqualTo(before);
            }
            chain.close();
            test = new TestChain(21, Policy.UNIT).extend(8, 5);
            try {
                java.nio.file.Path fresh = dir.resolve("round" + round);
                chain = RocksDbBlockchain.create(fresh, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false));
            } catch (StoreException e) {
                throw new AssertionError(e);
            }
            push(test.batch(0));
            push(test.batch(1));
        }
    }
}
