package io.hms.engine.sync.macrochain;

import static io.hms.engine.sync.SyncFixtures.hash;
import static io.hms.engine.sync.SyncFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.SyncSettings;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.model.Hash;
import io.hms.verifier.Consequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §4.4 with policy TEST (B=32, N=4, G=200): epoch 1 = blocks 201..328, epoch 2 = 329..456. */
class MacroChainValidatorTest {
    private static final Hash ELECTION = hash(1, 1);
    private static final Hash MACRO = hash(2, 2);
    private final MacroChainValidator validator = new MacroChainValidator(Policy.TEST);
    private final LocatorBuilder locators = new LocatorBuilder(SyncSettings.DEFAULTS.maxRequestEpochs());

    private static List<Hash> epochs(int n) {
        List<Hash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(hash(100 + i, 3));
        }
        return out;
    }

    private MacroChainResult validate(long e0, int maxEpochs, MacroChain reply) {
        MacroChainRequest request = new LocatorBuilder(maxEpochs).build(ELECTION, ELECTION, e0);
        return validator.validate(request, peer("P"), reply);
    }

    private static EpochIds accepted(MacroChainResult r) {
        assertThat(r).isInstanceOf(MacroChainResult.Accepted.class);
        return ((MacroChainResult.Accepted) r).ids();
    }

    private static MacroChainFault fault(MacroChainResult r) {
        assertThat(r).isInstanceOf(MacroChainResult.Malicious.class);
        return ((MacroChainResult.Malicious) r).fault();
    }

    @Test
    void shouldSendOnlyTheElectionHeadWhenItIsAlsoTheMacroHead() {
        MacroChainRequest r = locators.build(ELECTION, ELECTION, 3);
        assertThat(r.request().locators()).containsExactly(ELECTION);
        assertThat(r.maxEpochs()).isEqualTo(1000);
        assertThat(r.electionHeadEpoch()).isEqualTo(3);
    }

    @Test
    void shouldSendTheMacroHeadFirstWhenItDiffersFromTheElectionHead() {
        assertThat(locators.build(MACRO, ELECTION, 3).request().locators()).containsExactly(MACRO, ELECTION);
    }

    @Test
    void shouldReportLocatorNotFoundWhenThePeerAnswersAnError() {
        for (MacroChainError error : MacroChainError.values()) {
            MacroChainRequest request = locators.build(ELECTION, ELECTION, 0);
            EpochIds ids = accepted(validator.validate(request, peer("P"), error));
            assertThat(ids.locatorFound()).isFalse();
            assertThat(ids.ids()).isEmpty();
            assertThat(ids.checkpoint()).isEmpty();
            assertThat(ids.firstEpoch()).isZero();
            assertThat(ids.sender()).isEqualTo(peer("P"));
        }
    }

    @Test
    void shouldBanWhenThePeerSendsMoreEpochsThanAsked() {
        assertThat(fault(validate(0, 1000, new MacroChain(epochs(1001), Optional.empty()))))
                .isEqualTo(MacroChainFault.TOO_MANY_EPOCHS);
        assertThat(fault(validate(0, 3, new MacroChain(epochs(4), Optional.empty()))))
                .isEqualTo(MacroChainFault.TOO_MANY_EPOCHS);
        assertThat(MacroChainFault.TOO_MANY_EPOCHS.consequence()).isEqualTo(Consequence.BAN);
    }

    @Test
    void shouldAcceptExactlyMaxEpochsWhenNoCheckpointIsSent() {
        EpochIds ids = accepted(validate(5, 1000, new MacroChain(epochs(1000), Optional.empty())));
        assertThat(ids.locatorFound()).isTrue();
        assertThat(ids.ids()).hasSize(1000);
        assertThat(ids.firstEpoch()).isEqualTo(6);
        assertThat(ids.checkpointEpoch()).isEqualTo(1006);
        assertThat(ids.lastEpoch()).isEqualTo(1005);
    }

    @Test
    void shouldDropTheCheckpointWhenEpochsAreSent() {
        // e0 = 0, two epochs (1, 2): the checkpoint must be in epoch 3 = blocks 457..584; 488 is its first checkpoint
        EpochIds ids = accepted(validate(0, 1000, new MacroChain(epochs(2), Optional.of(new Checkpoint(488, MACRO)))));
        assertThat(ids.ids()).hasSize(2);
        assertThat(ids.checkpoint()).isEmpty();
    }

    @Test
    void shouldKeepTheCheckpointWhenNoEpochsAreSent() {
        Checkpoint cp = new Checkpoint(264, MACRO);
        EpochIds ids = accepted(validate(0, 1000, new MacroChain(List.of(), Optional.of(cp))));
        assertThat(ids.checkpoint()).contains(cp);
        assertThat(ids.firstEpoch()).isEqualTo(1);
        assertThat(ids.checkpointEpoch()).isEqualTo(1);
        assertThat(ids.lastEpoch()).isZero();
    }

    @Test
    void shouldBanWhenTheCheckpointIsInAnotherEpoch() {
        assertThat(fault(validate(0, 1000, new MacroChain(List.of(), Optional.of(new Checkpoint(360, MACRO))))))
                .isEqualTo(MacroChainFault.CHECKPOINT_WRONG_EPOCH);
        assertThat(fault(validate(1, 1000, new MacroChain(List.of(), Optional.of(new Checkpoint(232, MACRO))))))
                .isEqualTo(MacroChainFault.CHECKPOINT_WRONG_EPOCH);
    }

    @Test
    void shouldBanAWrongCheckpointEvenWhenEpochsAreSent() {
        // one epoch (1) sent, so the checkpoint must be in epoch 2; 264 is in epoch 1
        assertThat(fault(validate(0, 1000, new MacroChain(epochs(1), Optional.of(new Checkpoint(264, MACRO))))))
                .isEqualTo(MacroChainFault.CHECKPOINT_WRONG_EPOCH);
    }

    @Test
    void shouldBanWhenTheCheckpointIsNotAMacroBlock() {
        assertThat(fault(validate(0, 1000, new MacroChain(List.of(), Optional.of(new Checkpoint(233, MACRO))))))
                .isEqualTo(MacroChainFault.CHECKPOINT_NOT_MACRO_BLOCK);
    }

    @Test
    void shouldBanWhenTheCheckpointIsAnElectionBlock() {
        assertThat(fault(validate(0, 1000, new MacroChain(List.of(), Optional.of(new Checkpoint(328, MACRO))))))
                .isEqualTo(MacroChainFault.CHECKPOINT_IS_ELECTION_BLOCK);
    }

    @Test
    void shouldOfferNothingWhenNoEpochsAndNoCheckpointAreSent() {
        EpochIds ids = accepted(validate(4, 1000, new MacroChain(List.of(), Optional.empty())));
        assertThat(ids.offersNothing()).isTrue();
    }
}
