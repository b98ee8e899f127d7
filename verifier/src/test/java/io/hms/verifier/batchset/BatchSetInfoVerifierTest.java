package io.hms.verifier.batchset;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Consequence;
import io.hms.verifier.Fault;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.batchset.BatchSetInfoVerifier.Accepted;
import io.hms.verifier.batchset.BatchSetInfoVerifier.Outcome;
import io.hms.verifier.batchset.BatchSetInfoVerifier.Rejected;
import io.hms.verifier.testing.TestBlocks;
import io.hms.verifier.testing.TestChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** UNIT policy (B = 4, N = 4, G = 0): epoch 1 = macro blocks 4, 8, 12, 16; epoch 2 = 20 … 32; epoch 3 = 36, 40. */
class BatchSetInfoVerifierTest {
    private static final int NETWORK = 5;
    private static final Policy P = Policy.UNIT;
    private static final TestChain CHAIN = chain();
    private final BatchSetInfoVerifier verifier = new BatchSetInfoVerifier();

    /** History lengths: 4→1, 8→1, 12→3, 16→8, 20→0, 24→4, 28→5, 32→7, 36→3, 40→4 (empty, single and multi proofs). */
    private static TestChain chain() {
        TestChain c = TestChain.rotating(P, NETWORK, 4, 2024);
        for (int txs : new int[] {1, 0, 2, 5, 0, 4, 1, 2, 3, 1}) {
            c.addBatch(txs);
        }
        return c;
    }

    private static MacroBlock b(long number) {
        return CHAIN.block(number);
    }

    /** A batch set as an info lists it: without justification unless it is the info's final block. */
    private static BatchSet set(long number) {
        return new BatchSet(b(number).withoutJustification(), CHAIN.sizeProof(b(number)));
    }

    /** The final batch set of an info, with its justification. */
    private static BatchSet last(long number) {
        return new BatchSet(b(number), CHAIN.sizeProof(b(number)));
    }

    private Outcome verify(BatchSetInfo info, MacroBlock requested, BatchSetVerifyState state) {
        return verifier.verify(info, requested.hash(), state, P);
    }

    private static BatchSetVerifyState afterGenesis() {
        return CHAIN.stateAfter(CHAIN.genesis());
    }

    private static void assertRejected(Outcome o, Fault fault) {
        assertThat(o)
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.fault()).isEqualTo(fault));
    }

    private static BatchSetVerifyState accepted(Outcome o) {
        assertThat(o).isInstanceOf(Accepted.class);
        return ((Accepted) o).next();
    }

    @Test
    void shouldAcceptEpochAndSwitchValidatorsWhenInfoEndsInElectionBlock() {
        BatchSetVerifyState next = accepted(verify(CHAIN.batchSetInfo(b(16)), b(16), afterGenesis()));
        assertThat(next.predecessor()).isEqualTo(b(16));
        assertThat(next.validators()).isEqualTo(b(16).body().nextValidators().orElseThrow());
        assertThat(next.validators()).isNotEqualTo(afterGenesis().validators());
        assertThat(next.network()).isEqualTo(NETWORK);
    }

    @Test
    void shouldAcceptCheckpointAndKeepValidatorsWhenInfoEndsInCheckpoint() {
        BatchSetVerifyState next = accepted(verify(CHAIN.batchSetInfo(b(8)), b(8), afterGenesis()));
        assertThat(next.predecessor()).isEqualTo(b(8));
        assertThat(next.validators()).isEqualTo(afterGenesis().validators());
    }

    @Test
    void shouldAdvanceThroughEpochsWhenInfosArriveInOrder() {
        BatchSetVerifyState s = afterGenesis();
        s = accepted(verify(CHAIN.batchSetInfo(b(16)), b(16), s));
        s = accepted(verify(CHAIN.batchSetInfo(b(32)), b(32), s));
        s = accepted(verify(CHAIN.batchSetInfo(b(40)), b(40), s));
        assertThat(s.predecessor()).isEqualTo(b(40));
        assertThat(s.validators()).isEqualTo(b(32).body().nextValidators().orElseThrow());
    }

    @Test
    void shouldAcceptSingleBatchSetWhenServerSkippedCheckpoints() {
        BatchSetInfo info = new BatchSetInfo(Optional.of(b(16)), List.of(set(16)));
        assertThat(accepted(verify(info, b(16), afterGenesis())).predecessor()).isEqualTo(b(16));
    }

    @Test
    void shouldRejectWhenInfoIsEmpty() {
        assertRejected(
                verify(new BatchSetInfo(Optional.empty(), List.of()), b(8), afterGenesis()),
                Fault.EMPTY_BATCH_SET_INFO);
    }

    @Test
    void shouldRejectWhenFinalBlockIsNotTheRequestedOne() {
        assertRejected(verify(CHAIN.batchSetInfo(b(8)), b(12), afterGenesis()), Fault.FINAL_HASH_MISMATCH);
    }

    @Test
    void shouldRejectWhenElectionBlockIsACheckpoint() {
        BatchSetInfo info =
                new BatchSetInfo(Optional.of(b(8)), CHAIN.batchSetInfo(b(8)).batchSets());
        assertRejected(verify(info, b(8), afterGenesis()), Fault.NOT_AN_ELECTION_BLOCK);
    }

    @Test
    void shouldRejectWhenElectionBlockIsNotTheLastBatchSet() {
        BatchSetInfo info =
                new BatchSetInfo(Optional.of(b(16)), CHAIN.batchSetInfo(b(12)).batchSets());
        assertRejected(verify(info, b(16), afterGenesis()), Fault.ELECTION_BLOCK_NOT_LAST_BATCH_SET);
        BatchSetInfo bare = new BatchSetInfo(Optional.of(b(16)), List.of());
        assertRejected(verify(bare, b(16), afterGenesis()), Fault.ELECTION_BLOCK_NOT_LAST_BATCH_SET);
    }

    @Test
    void shouldRejectWhenBatchSetsAreNotIncreasing() {
        BatchSetInfo unordered = new BatchSetInfo(Optional.empty(), List.of(set(4), set(12), set(8)));
        assertRejected(verify(unordered, b(8), afterGenesis()), Fault.BATCH_SETS_NOT_INCREASING);
        BatchSetInfo repeated = new BatchSetInfo(Optional.empty(), List.of(set(4), set(4), set(8)));
        assertRejected(verify(repeated, b(8), afterGenesis()), Fault.BATCH_SETS_NOT_INCREASING);
    }

    @Test
    void shouldRejectWhenBatchSetLiesOutsideRequestedEpoch() {
        BatchSetVerifyState afterEpochOne = accepted(verify(CHAIN.batchSetInfo(b(16)), b(16), afterGenesis()));
        BatchSetInfo info = new BatchSetInfo(Optional.empty(), List.of(set(16), set(20)));
        assertRejected(verify(info, b(20), afterEpochOne), Fault.BATCH_SET_OUTSIDE_EPOCH);
    }

    @Test
    void shouldRejectWhenHistoryLengthDecreases() {
        // a properly signed block 8 whose history root claims an empty epoch after block 4's one leaf
        MacroBlock shrunk =
                TestBlocks.resigned(b(8), h -> h.historyRoot(CHAIN.historyRootAt(1, 0)), CHAIN.governing(b(8)));
        BatchSetInfo info =
                new BatchSetInfo(Optional.empty(), List.of(set(4), new BatchSet(shrunk, SizeProof.EmptyTree.INSTANCE)));
        assertRejected(verify(info, shrunk, afterGenesis()), Fault.HISTORY_LENGTH_DECREASING);
    }

    @Test
    void shouldRejectWhenSizeProofDoesNotMatchHistoryRoot() {
        BatchSetInfo info = new BatchSetInfo(
                Optional.empty(), List.of(new BatchSet(b(4).withoutJustification(), CHAIN.sizeProof(b(12))), last(8)));
        assertRejected(verify(info, b(8), afterGenesis()), Fault.SIZE_PROOF_MISMATCH);
        BatchSetInfo empty =
                new BatchSetInfo(Optional.empty(), List.of(new BatchSet(b(4), SizeProof.EmptyTree.INSTANCE)));
        assertRejected(verify(empty, b(4), afterGenesis()), Fault.SIZE_PROOF_MISMATCH);
    }

    @Test
    void shouldRejectWhenABatchSetBlockIsBadlySigned() {
        MacroBlock forged = TestBlocks.resigned(b(8), h -> h, CHAIN.governing(b(20)));
        BatchSetInfo info =
                new BatchSetInfo(Optional.empty(), List.of(set(4), new BatchSet(forged, CHAIN.sizeProof(b(8)))));
        Outcome o = verify(info, forged, afterGenesis());
        assertRejected(o, Fault.INVALID_SIGNATURE);
        assertThat(((Rejected) o).detail()).startsWith("final block 8");
        assertThat(((Rejected) o).toResult().consequence()).isEqualTo(Consequence.BAN);
        BatchSetInfo unsigned = new BatchSetInfo(
                Optional.empty(), List.of(new BatchSet(TestBlocks.unsigned(b(4)), CHAIN.sizeProof(b(4)))));
        assertRejected(verify(unsigned, b(4), afterGenesis()), Fault.MISSING_JUSTIFICATION);
    }

    @Test
    void shouldVerifyElectionBlockSeparatelyWhenItDiffersFromLastBatchSet() {
        MacroBlock e = b(16);
        MacroBlock resignedByThree = new MacroBlock(
                e.header(), e.body(), Optional.of(CHAIN.governing(e).sign(NETWORK, e.hash(), new int[] {0, 1, 2})));
        List<BatchSet> sets = CHAIN.batchSetInfo(e).batchSets();
        assertThat(accepted(verify(new BatchSetInfo(Optional.of(resignedByThree), sets), e, afterGenesis()))
                        .predecessor()
                        .hash())
                .isEqualTo(e.hash());
        MacroBlock badlySigned = new MacroBlock(
                e.header(), e.body(), Optional.of(CHAIN.governing(b(20)).signAll(NETWORK, e.hash())));
        Outcome o = verify(new BatchSetInfo(Optional.of(badlySigned), sets), e, afterGenesis());
        assertRejected(o, Fault.INVALID_SIGNATURE);
        assertThat(((Rejected) o).detail()).startsWith("final block 16");
    }

    @Test
    void shouldAcceptWhenLinksCloseTheChainBetweenBatchSets() {
        BatchSetInfo info =
                new BatchSetInfo(Optional.of(b(16)), List.of(set(4), last(16)), List.of(b(8).header(), b(12).header()));
        assertThat(accepted(verify(info, b(16), afterGenesis())).predecessor()).isEqualTo(b(16));
        BatchSetInfo noGap = new BatchSetInfo(Optional.empty(), List.of(set(8), last(12)));
        assertThat(accepted(verify(noGap, b(12), afterGenesis())).predecessor()).isEqualTo(b(12));
    }

    @Test
    void shouldBanWhenANonFinalBatchSetCarriesAJustification() {
        BatchSetInfo info = new BatchSetInfo(Optional.empty(), List.of(last(4), last(8)));
        assertRejected(verify(info, b(8), afterGenesis()), Fault.UNEXPECTED_JUSTIFICATION);
    }

    @Test
    void shouldBanWhenLinksLeaveAMacroBlockOut() {
        BatchSetInfo info = new BatchSetInfo(Optional.of(b(16)), List.of(set(4), last(16)), List.of(b(8).header()));
        assertRejected(verify(info, b(16), afterGenesis()), Fault.CHAIN_LINK_MISSING);
    }

    @Test
    void shouldBanWhenALinkIsMisplaced() {
        List<BatchSet> sets = List.of(set(4), last(16));
        for (List<MacroHeader> links : List.of(
                List.of(b(12).header(), b(8).header()), // descending
                List.of(b(8).header(), b(12).header(), b(16).header()), // the final block again
                List.of(b(4).header(), b(8).header(), b(12).header()), // a batch set again
                List.of(b(8).header(), b(12).header(), b(20).header()))) { // beyond the final block
            assertRejected(
                    verify(new BatchSetInfo(Optional.of(b(16)), sets, links), b(16), afterGenesis()),
                    Fault.CHAIN_LINK_MISPLACED);
        }
    }

    @Test
    void shouldBanWhenACheckpointIsNotOnTheFinalBlocksHashChain() {
        // checkpoint 8 with another timestamp: well formed, a valid successor, its size proof holds, but
        // block 12 does not name it as parent
        MacroBlock foreign = TestBlocks.resigned(
                        b(8), h -> h.timestamp(b(8).header().timestamp() + 1), CHAIN.governing(b(8)))
                .withoutJustification();
        BatchSetInfo info = new BatchSetInfo(
                Optional.of(b(16)), List.of(set(4), new BatchSet(foreign, CHAIN.sizeProof(b(8))), set(12), last(16)));
        assertRejected(verify(info, b(16), afterGenesis()), Fault.OFF_HASH_CHAIN);
        BatchSetInfo asLink = new BatchSetInfo(
                Optional.of(b(16)), List.of(set(4), last(16)), List.of(foreign.header(), b(12).header()));
        assertRejected(verify(asLink, b(16), afterGenesis()), Fault.OFF_HASH_CHAIN);
    }

    @Test
    void shouldCheckTheFinalJustificationOnlyOnceWhenSignaturesAreSplitAcrossThreads() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            BatchSetInfoVerifier parallel = new BatchSetInfoVerifier(new JustificationVerifier(pool, 4));
            assertThat(parallel.verify(CHAIN.batchSetInfo(b(16)), b(16).hash(), afterGenesis(), P))
                    .isInstanceOf(Accepted.class);
            MacroBlock forged = TestBlocks.resigned(b(8), h -> h, CHAIN.governing(b(20)));
            BatchSetInfo info =
                    new BatchSetInfo(Optional.empty(), List.of(set(4), new BatchSet(forged, CHAIN.sizeProof(b(8)))));
            assertRejected(parallel.verify(info, forged.hash(), afterGenesis(), P), Fault.INVALID_SIGNATURE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRetryWhenInfoIsOlderThanOurState() {
        BatchSetVerifyState afterEpochOne = accepted(verify(CHAIN.batchSetInfo(b(16)), b(16), afterGenesis()));
        Outcome o = verify(CHAIN.batchSetInfo(b(12)), b(12), afterEpochOne);
        assertRejected(o, Fault.BLOCK_NUMBER_NOT_INCREASING);
        assertThat(((Rejected) o).fault().consequence()).isEqualTo(Consequence.RETRY);
    }

    @Test
    void shouldRetryWhenPeerFollowsAnotherChain() {
        TestChain other = TestChain.rotating(P, NETWORK, 4, 7).addBatches(4, 1);
        BatchSetVerifyState ours = other.stateAfter(other.block(16));
        Outcome o = verify(CHAIN.batchSetInfo(b(32)), b(32), ours);
        assertRejected(o, Fault.WRONG_PARENT_ELECTION_HASH);
        assertThat(((Rejected) o).fault().consequence()).isEqualTo(Consequence.RETRY);
    }

    @Test
    void shouldRejectWhenStateHoldsTheWrongValidators() {
        BatchSetVerifyState wrong =
                new BatchSetVerifyState(NETWORK, b(16), afterGenesis().validators());
        assertRejected(verify(CHAIN.batchSetInfo(b(32)), b(32), wrong), Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldLeaveStateUntouchedWhenRejecting() {
        BatchSetVerifyState before = afterGenesis();
        List<BatchSet> sets = new ArrayList<>(CHAIN.batchSetInfo(b(16)).batchSets());
        sets.set(2, new BatchSet(b(12).withoutJustification(), SizeProof.EmptyTree.INSTANCE));
        assertRejected(verify(new BatchSetInfo(Optional.of(b(16)), sets), b(16), before), Fault.SIZE_PROOF_MISMATCH);
        assertThat(accepted(verify(CHAIN.batchSetInfo(b(16)), b(16), before)).predecessor())
                .isEqualTo(b(16));
        assertThat(before.predecessor()).isEqualTo(CHAIN.genesis());
    }

    @Test
    void shouldBanForEverySelfInconsistentInfo() {
        for (Fault f : List.of(
                Fault.EMPTY_BATCH_SET_INFO,
                Fault.FINAL_HASH_MISMATCH,
                Fault.NOT_AN_ELECTION_BLOCK,
                Fault.ELECTION_BLOCK_NOT_LAST_BATCH_SET,
                Fault.BATCH_SETS_NOT_INCREASING,
                Fault.BATCH_SET_OUTSIDE_EPOCH,
                Fault.HISTORY_LENGTH_DECREASING,
                Fault.SIZE_PROOF_MISMATCH,
                Fault.SIZE_PROOF_MALFORMED)) {
            assertThat(f.consequence()).as(f.name()).isEqualTo(Consequence.BAN);
        }
    }
}
