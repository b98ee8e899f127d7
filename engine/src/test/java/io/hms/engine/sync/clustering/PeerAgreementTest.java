package io.hms.engine.sync.clustering;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerAgreementTest {
    private static final PeerId FIRST = new PeerId("first");
    private static final PeerId JOINED = new PeerId("joined");

    /** A cluster of epochs 5, 6, 7 (UNIT geometry: election blocks 80, 96, 112). */
    private static final List<Hash> IDS = List.of(hash(5), hash(6), hash(7));

    private static final SyncCluster CLUSTER = SyncCluster.ofEpochs(1, IDS, 5, 80, PeerList.of(FIRST));

    private static Hash hash(int b) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) b;
        return Hash.of(bytes);
    }

    @Test
    void aPeerTheClusterStartedWithOfferedEveryId() {
        PeerAgreement agreement = new PeerAgreement(CLUSTER);

        assertThat(agreement.offered(FIRST, new RequestBatchSet(hash(7)))).isTrue();
        assertThat(agreement.offered(FIRST, new RequestHistoryChunk(7, 112, 3))).isTrue();
    }

    @Test
    void aPeerAddedWithASplitIsAskedOnlyForTheKeptIds() {
        PeerAgreement agreement = new PeerAgreement(CLUSTER);

        agreement.added(JOINED, 1);

        assertThat(agreement.offered(JOINED, new RequestBatchSet(hash(5)))).isTrue();
        assertThat(agreement.offered(JOINED, new RequestHistoryChunk(5, 80, 0))).isTrue();
        assertThat(agreement.offered(JOINED, new RequestBatchSet(hash(6)))).isFalse();
        assertThat(agreement.offered(JOINED, new RequestHistoryChunk(6, 96, 0))).isFalse();
        assertThat(agreement.offered(FIRST, new RequestHistoryChunk(6, 96, 0))).isTrue();
    }

    @Test
    void aLaterSplitDoesNotWidenWhatAnAddedPeerOffered() {
        PeerAgreement agreement = new PeerAgreement(CLUSTER);

        agreement.added(JOINED, 2);
        agreement.added(JOINED, 3);

        assertThat(agreement.offered(JOINED, new RequestHistoryChunk(6, 96, 0))).isTrue();
        assertThat(agreement.offered(JOINED, new RequestHistoryChunk(7, 112, 0)))
                .isFalse();
    }
}
