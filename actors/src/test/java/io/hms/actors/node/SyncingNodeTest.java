package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.engine.sync.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncingNodeTest {
    static final PeerId A = new PeerId("a");
    static final PeerId B = new PeerId("b");
    static final PeerId C = new PeerId("c");

    @Test
    void shouldRedialOnlyDialedPeersWhoseLatestResultIsIncompatible() {
        Map<PeerId, MacroSyncReturn> results = new LinkedHashMap<>();
        results.put(A, new MacroSyncReturn.Incompatible(A, 0));
        results.put(B, new MacroSyncReturn.Good(B));
        results.put(C, new MacroSyncReturn.Incompatible(C, 0));

        assertThat(SyncingNode.incompatibleDialed(results, List.of(A, B))).containsExactly(A);
        assertThat(SyncingNode.incompatibleDialed(results, List.of(C, A, B))).containsExactly(A, C);
        assertThat(SyncingNode.incompatibleDialed(results, List.of())).isEmpty();
    }
}
