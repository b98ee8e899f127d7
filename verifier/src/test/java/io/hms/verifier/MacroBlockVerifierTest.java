package io.hms.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.testing.TestBlocks;
import io.hms.verifier.testing.TestChain;
import io.hms.verifier.testing.TestValidators;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UNIT policy: B = 4, N = 4, G = 0, so macro blocks 4, 8, 12, election 16, … */
class MacroBlockVerifierTest {
    private static final int NETWORK = 5;
    private static final Policy P = Policy.UNIT;
    private static final TestChain CHAIN = TestChain.rotating(P, NETWORK, 4, 99).addBatches(8, 3);
    private final MacroBlockVerifier verifier = new MacroBlockVerifier();

    private static MacroBlock b(long number) {
        return CHAIN.block(number);
    }

    private static TestValidators signersOf(long number) {
        return CHAIN.governing(b(number));
    }

    private VerifyResult verify(MacroBlock block, long predecessor) {
        MacroBlock q = b(predecessor);
        ValidatorSet v = CHAIN.governing(b(block.blockNumber())).set();
        return verifier.verify(block, q, v, NETWORK, P);
    }

    private static void assertFault(VerifyResult r, Fault fault) {
        assertThat(r)
                .isInstanceOfSatisfying(
                        VerifyResult.Invalid.class, i -> assertThat(i.fault()).isEqualTo(fault));
    }

    @Test
    void shouldAcceptEveryBlockWhenCheckedAgainstItsPredecessor() {
        List<MacroBlock> blocks = CHAIN.blocks();
        for (int i = 1; i < blocks.size(); i++) {
            MacroBlock block = blocks.get(i);
            assertThat(verifier.verify(
                            block, blocks.get(i - 1), CHAIN.governing(block).set(), NETWORK, P))
                    .as("block %d", block.blockNumber())
                    .isEqualTo(VerifyResult.VALID);
        }
        assertThat(verifier.verifyIntrinsic(CHAIN.genesis(), NETWORK, P)).isEqualTo(VerifyResult.VALID);
    }

    @Test
    void shouldAcceptWhenPredecessorIsAnOlderMacroBlockOfTheSameOrPreviousEpoch() {
        assertThat(verify(b(12), 4)).isEqualTo(VerifyResult.VALID);
        assertThat(verify(b(16), 0)).isEqualTo(VerifyResult.VALID);
        assertThat(verify(b(28), 16)).isEqualTo(VerifyResult.VALID);
        assertThat(verify(b(32), 20)).isEqualTo(VerifyResult.VALID);
    }

    // --- intrinsic

    @Test
    void shouldRejectWhenNetworkDiffers() {
        assertFault(verifier.verify(b(4), b(0), signersOf(4).set(), NETWORK + 1, P), Fault.WRONG_NETWORK);
    }

    @Test
    void shouldRejectWhenVersionIsNotOne() {
        assertFault(verify(TestBlocks.resigned(b(4), h -> h.version(2), signersOf(4)), 0), Fault.WRONG_VERSION);
    }

    @Test
    void shouldRejectWhenNumberIsNotAMacroPosition() {
        MacroBlock five = TestBlocks.resigned(b(4), h -> h.blockNumber(5), signersOf(4));
        assertFault(verifier.verify(five, b(0), signersOf(4).set(), NETWORK, P), Fault.NOT_A_MACRO_BLOCK_NUMBER);
    }

    @Test
    void shouldRejectWhenBodyDoesNotMatchBodyRoot() {
        assertFault(
                verify(TestBlocks.resigned(b(4), h -> h.bodyRoot(Hash.ZERO), signersOf(4)), 0),
                Fault.BODY_ROOT_MISMATCH);
        MacroBlock swappedBody = new MacroBlock(b(16).header(), MacroBody.CHECKPOINT, b(16).justification());
        assertFault(verify(swappedBody, 12), Fault.BODY_ROOT_MISMATCH);
    }

    @Test
    void shouldRejectWhenElectionBlockNamesNoValidators() {
        assertFault(
                verify(TestBlocks.withBody(b(16), MacroBody.CHECKPOINT, signersOf(16)), 12),
                Fault.ELECTION_WITHOUT_VALIDATORS);
    }

    @Test
    void shouldRejectWhenCheckpointNamesValidators() {
        MacroBody election = MacroBody.election(signersOf(4).set());
        assertFault(verify(TestBlocks.withBody(b(4), election, signersOf(4)), 0), Fault.CHECKPOINT_WITH_VALIDATORS);
    }

    @Test
    void shouldRejectWhenNextValidatorsDoNotHoldPolicySlots() {
        ValidatorSet full = b(16).body().nextValidators().orElseThrow();
        Validator first = full.get(0);
        List<Validator> fewer = new java.util.ArrayList<>(full.validators());
        fewer.set(0, new Validator(first.signingKey(), first.slots() - 1));
        MacroBody body = MacroBody.election(new ValidatorSet(fewer));
        assertFault(verify(TestBlocks.withBody(b(16), body, signersOf(16)), 12), Fault.VALIDATOR_SLOTS_MISMATCH);
    }

    // --- successor

    @Test
    void shouldRejectWhenImmediateSuccessorNamesAnotherParent() {
        assertFault(
                verify(TestBlocks.resigned(b(8), h -> h.parentHash(Hash.ZERO), signersOf(8)), 4),
                Fault.NOT_A_SUCCESSOR);
    }

    @Test
    void shouldIgnoreParentHashWhenPredecessorIsOlder() {
        assertThat(verify(TestBlocks.resigned(b(12), h -> h.parentHash(Hash.ZERO), signersOf(12)), 4))
                .isEqualTo(VerifyResult.VALID);
    }

    @Test
    void shouldRejectWhenParentElectionHashIsWrong() {
        assertFault(
                verify(TestBlocks.resigned(b(8), h -> h.parentElectionHash(b(4).hash()), signersOf(8)), 4),
                Fault.WRONG_PARENT_ELECTION_HASH);
        // after an election block the parent election hash must name that block itself
        assertFault(
                verify(TestBlocks.resigned(b(20), h -> h.parentElectionHash(Hash.ZERO), signersOf(20)), 16),
                Fault.WRONG_PARENT_ELECTION_HASH);
    }

    @Test
    void shouldRejectWhenNumberDoesNotIncrease() {
        assertFault(verify(b(4), 8), Fault.BLOCK_NUMBER_NOT_INCREASING);
        assertFault(verify(b(8), 8), Fault.BLOCK_NUMBER_NOT_INCREASING);
    }

    @Test
    void shouldRejectWhenBlockLiesBeyondNextElection() {
        assertFault(verify(b(20), 0), Fault.BLOCK_BEYOND_NEXT_ELECTION);
        assertFault(verify(b(32), 12), Fault.BLOCK_BEYOND_NEXT_ELECTION);
    }

    @Test
    void shouldRejectWhenTimestampDecreases() {
        long before = b(4).header().timestamp() - 1;
        assertFault(
                verify(TestBlocks.resigned(b(8), h -> h.timestamp(before), signersOf(8)), 4),
                Fault.TIMESTAMP_DECREASING);
        long same = b(4).header().timestamp();
        assertThat(verify(TestBlocks.resigned(b(8), h -> h.timestamp(same), signersOf(8)), 4))
                .isEqualTo(VerifyResult.VALID);
    }

    // --- justification

    @Test
    void shouldRejectWhenJustificationIsMissing() {
        assertFault(verify(TestBlocks.unsigned(b(4)), 0), Fault.MISSING_JUSTIFICATION);
    }

    @Test
    void shouldRejectWhenSignedByTheWrongValidatorSet() {
        // block 20 belongs to epoch 2, governed by the set elected in block 16, not genesis's
        MacroBlock signedByOld = TestBlocks.resigned(b(20), h -> h, signersOf(4));
        assertFault(verify(signedByOld, 16), Fault.INVALID_SIGNATURE);
        assertFault(verifier.verify(b(20), b(16), signersOf(4).set(), NETWORK, P), Fault.INVALID_SIGNATURE);
    }

    @Test
    void shouldRejectWhenTooFewValidatorsSigned() {
        MacroBlock block = b(8);
        MacroBlock weak = new MacroBlock(
                block.header(),
                block.body(),
                java.util.Optional.of(signersOf(8).sign(NETWORK, block.hash(), new int[] {0, 1})));
        assertFault(verify(weak, 4), Fault.INSUFFICIENT_SLOTS);
    }

    @Test
    void shouldRetryWhenBlockMerelyDoesNotExtendOurState() {
        for (Fault f : List.of(
                Fault.NOT_A_SUCCESSOR,
                Fault.WRONG_PARENT_ELECTION_HASH,
                Fault.BLOCK_NUMBER_NOT_INCREASING,
                Fault.BLOCK_BEYOND_NEXT_ELECTION,
                Fault.TIMESTAMP_DECREASING)) {
            assertThat(f.consequence()).as(f.name()).isEqualTo(Consequence.RETRY);
        }
        for (Fault f : List.of(
                Fault.WRONG_NETWORK,
                Fault.WRONG_VERSION,
                Fault.NOT_A_MACRO_BLOCK_NUMBER,
                Fault.BODY_ROOT_MISMATCH,
                Fault.ELECTION_WITHOUT_VALIDATORS,
                Fault.CHECKPOINT_WITH_VALIDATORS,
                Fault.VALIDATOR_SLOTS_MISMATCH)) {
            assertThat(f.consequence()).as(f.name()).isEqualTo(Consequence.BAN);
        }
    }

    @Test
    void shouldRejectForkWhenPredecessorComesFromAnotherChain() {
        TestChain other = TestChain.rotating(P, NETWORK, 4, 100).addBatches(2, 1);
        VerifyResult r = verifier.verify(b(8), other.block(4), signersOf(8).set(), NETWORK, P);
        assertFault(r, Fault.WRONG_PARENT_ELECTION_HASH);
        assertThat(((VerifyResult.Invalid) r).consequence()).isEqualTo(Consequence.RETRY);
    }
}
