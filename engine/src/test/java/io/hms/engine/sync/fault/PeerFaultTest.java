package io.hms.engine.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.verifier.Consequence;
import io.hms.verifier.Fault;
import org.junit.jupiter.api.Test;

class PeerFaultTest {

    @Test
    void shouldShowTheConstantNameAndItsConsequenceWhenWrappingASourceEnum() {
        assertThat(new PeerFault.Verification(Fault.INVALID_SIGNATURE))
                .returns("INVALID_SIGNATURE", PeerFault::name)
                .returns(Consequence.BAN, PeerFault::consequence);
        assertThat(new PeerFault.Verification(Fault.NOT_A_SUCCESSOR))
                .returns(Consequence.RETRY, PeerFault::consequence);
        assertThat(new PeerFault.MacroChain(MacroChainFault.TOO_MANY_EPOCHS))
                .returns("TOO_MANY_EPOCHS", PeerFault::name)
                .returns(Consequence.BAN, PeerFault::consequence);
        assertThat(new PeerFault.Breach("MALFORMED_FRAME"))
                .returns("MALFORMED_FRAME", PeerFault::name)
                .returns(Consequence.BAN, PeerFault::consequence);
    }

    @Test
    void shouldBanOnlyWhenTheChunkProvesThePeerWrong() {
        for (ChunkFault f : ChunkFault.values()) {
            assertThat(new PeerFault.Chunk(f).consequence())
                    .as(f.name())
                    .isEqualTo(f.peerAtFault() ? Consequence.BAN : Consequence.RETRY);
            assertThat(new PeerFault.Chunk(f).name()).isEqualTo(f.name());
        }
    }
}
