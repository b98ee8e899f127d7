package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Json;
import io.hms.protocol.Policy;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.mmr.HistoryTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainSpecTest {
    private static final Policy P = Policy.UNIT;
    private static final int NETWORK = 7;

    private static MacroBlock genesisWithSlots(int... slots) {
        Validator[] validators = new Validator[slots.length];
        for (int i = 0; i < slots.length; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) (i + 1);
            validators[i] = new Validator(PublicKey.of(key), slots[i]);
        }
        MacroBody body = MacroBody.election(new ValidatorSet(List.of(validators)));
        MacroHeader header = new MacroHeader(
                NETWORK,
                1,
                P.genesisBlockNumber(),
                1_700_000_000_000L,
                Hash.ZERO,
                Hash.ZERO,
                HistoryTree.emptyRoot(),
                body.hash(),
                ByteString.EMPTY);
        return new MacroBlock(header, body, Optional.empty());
    }

    @Test
    void shouldAcceptAGenesisWhenItsValidatorsHoldExactlyThePolicysSlots() {
        ChainSpec spec = new ChainSpec(P, NETWORK, genesisWithSlots(128, 128, 128, 128));

        assertThat(spec.genesisValidators().totalSlots()).isEqualTo(P.slots());
    }

    @Test
    void shouldRefuseTheSpecWhenGenesisValidatorsHoldMoreSlotsThanThePolicy() {
        assertThatThrownBy(() -> new ChainSpec(P, NETWORK, genesisWithSlots(128, 128, 128, 129)))
                .isInstanceOf(InvalidChainSpecException.class)
                .hasMessage("genesis validators hold 513 slots, the policy has 512");
    }

    @Test
    void shouldRefuseTheSpecWhenGenesisValidatorsHoldFewerSlotsThanThePolicy() {
        assertThatThrownBy(() -> new ChainSpec(P, NETWORK, genesisWithSlots(300)))
                .isInstanceOf(InvalidChainSpecException.class)
                .hasMessage("genesis validators hold 300 slots, the policy has 512");
    }

    /**
     * docs/PROTOCOL.md §2.7 shows a chain spec for implementers; it must be one hms accepts, with a
     * body root that matches its body (so the example teaches the real encoding).
     */
    @Test
    void shouldReadTheChainSpecExampleOfTheProtocolDocument() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "PROTOCOL.md"), StandardCharsets.UTF_8);
        int section = doc.indexOf("### 2.7 Chain spec");
        int start = doc.indexOf("```json", section) + "```json".length();
        String json = doc.substring(start, doc.indexOf("```", start));

        ChainSpec spec = Json.mapper().readValue(json, ChainSpec.class);

        assertThat(spec.policy()).isEqualTo(Policy.UNIT);
        assertThat(spec.genesis().header().bodyRoot())
                .isEqualTo(spec.genesis().body().hash());
        assertThat(spec.genesisValidators().validators()).hasSize(2);
    }
}
