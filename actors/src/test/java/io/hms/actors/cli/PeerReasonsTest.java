package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.OutdatedReason;
import io.hms.actors.node.HeadCheck;
import io.hms.actors.transport.CloseReason;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.verifier.Fault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerReasonsTest {

    @Test
    void shouldKeepTheCodeAndSayItWithoutCodesWhenAnyReasonIsDescribed() {
        List<PeerReasons.PeerReason> all = new ArrayList<>();
        for (OutdatedReason r : OutdatedReason.values()) {
            all.add(PeerReasons.outdated(r));
        }
        for (CloseReason r : CloseReason.values()) {
            all.add(PeerReasons.closed(r));
        }
        for (HeadCheck.Result r : HeadCheck.Result.values()) {
            all.add(PeerReasons.head(r));
        }
        for (Fault f : Fault.values()) {
            all.add(PeerReasons.banned(new PeerFault.Verification(f)));
        }
        for (ChunkFault f : ChunkFault.values()) {
            all.add(PeerReasons.banned(new PeerFault.Chunk(f)));
        }
        for (MacroChainFault f : MacroChainFault.values()) {
            all.add(PeerReasons.banned(new PeerFault.MacroChain(f)));
        }
        all.add(PeerReasons.banned(new PeerFault.Breach("MALFORMED_FRAME")));

        assertThat(all).allSatisfy(r -> {
            assertThat(r.code()).matches("[A-Z_]+");
            assertThat(r.text()).isNotBlank().doesNotContain("_").doesNotContain(r.code());
        });
    }

    @Test
    void shouldSayAForkedPeerIsOnADifferentChainWhenItKnewNoneOfOurBlocks() {
        assertThat(PeerReasons.outdated(OutdatedReason.UNKNOWN_LOCATORS).text())
                .isEqualTo("on a different chain, or behind us (none of our blocks known)");
        assertThat(PeerReasons.banned(new PeerFault.Breach("OVERSIZE_FRAME")).text())
                .isEqualTo("banned: it broke the wire protocol: not an hms node (sent an oversized frame)");
    }

    @Test
    void shouldSayAnAdminRowsCodeInPlainWordsAndKeepAnUnknownOne() {
        assertThat(PeerReasons.forRow("Outdated", "FORK", ""))
                .isEqualTo(PeerReasons.outdated(OutdatedReason.FORK).text());
        assertThat(PeerReasons.forRow("refused", "OVERSIZE_FRAME", "1 attempt"))
                .isEqualTo("not an hms node (sent an oversized frame) (1 attempt)");
        assertThat(PeerReasons.forRow("Banned", "PROOF_SIZE_MISMATCH", "chunk 3"))
                .isEqualTo("banned: proof size mismatch (chunk 3)");
        assertThat(PeerReasons.forRow("Good", "", "")).isEmpty();
        assertThat(PeerReasons.forRow("unreachable", "SOMETHING_NEW", "")).isEqualTo("something new");
    }

    @Test
    void shouldSayHowManyRequestsAGoodPeerLeftUnanswered() {
        assertThat(PeerReasons.withUnanswered("its head is ours", 12, 0)).isEqualTo("its head is ours");
        assertThat(PeerReasons.withUnanswered("its head is ours", 12, 3))
                .isEqualTo("its head is ours; 3 of our 12 requests got no answer");
        assertThat(PeerReasons.withUnanswered("its head is ours", 1, 1))
                .isEqualTo("its head is ours; 1 of our 1 request got no answer");
    }
}
