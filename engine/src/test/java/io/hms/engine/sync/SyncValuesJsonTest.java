package io.hms.engine.sync;

import static io.hms.engine.sync.SyncFixtures.block;
import static io.hms.engine.sync.SyncFixtures.hash;
import static io.hms.engine.sync.SyncFixtures.peer;
import static io.hms.engine.sync.SyncFixtures.txs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.clustering.PeerList;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.ingest.ChainProof;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.PendingBatchSet;
import io.hms.protocol.Json;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The values that actor messages carry read back equal from their JSON form (location transparency). */
class SyncValuesJsonTest {
    private static <T> void assertRoundTrip(T value, Class<T> type) throws Exception {
        String json = Json.mapper().writeValueAsString(value);
        assertThat(Json.mapper().readValue(json, type)).as(json).isEqualTo(value);
    }

    @Test
    void shouldReadBackEqualWhenSyncValuesAreWrittenAsJson() throws Exception {
        assertRoundTrip(peer("node-1"), PeerId.class);
        assertRoundTrip(
                new EpochIds(true, List.of(hash(1, 0), hash(2, 0)), Optional.empty(), 1, peer("A")), EpochIds.class);
        assertRoundTrip(
                new EpochIds(true, List.of(), Optional.of(new Checkpoint(232, hash(3, 0))), 1, peer("A")),
                EpochIds.class);
        assertRoundTrip(
                SyncCluster.ofEpochs(4, List.of(hash(1, 0)), 1, 328, PeerList.of(peer("A"), peer("B"))),
                SyncCluster.class);
        ChunkRequest chunk = new ChunkRequest(1, 328, 2, hash(9, 9), 3100, 1024);
        assertRoundTrip(chunk, ChunkRequest.class);
        List<MacroHeader> chain =
                List.of(block(264, hash(8, 8)).header(), block(296, hash(8, 9)).header());
        ChainProof proof = new ChainProof(block(328, hash(9, 9)), chain.subList(1, 2));
        assertRoundTrip(proof, ChainProof.class);
        assertRoundTrip(
                new PendingBatchSet(block(264, hash(8, 8)), 0, 1, 2000, 2100, Optional.of(proof)),
                PendingBatchSet.class);
        assertRoundTrip(
                new CompleteBatchSet(block(328, hash(9, 9)), 2048, txs(300, 0, 3), 2, 1, Optional.empty()),
                CompleteBatchSet.class);
        assertRoundTrip(
                new CompleteBatchSet(block(264, hash(8, 8)), 2000, txs(300, 0, 3), 0, 1, Optional.of(proof)),
                CompleteBatchSet.class);
    }
}
