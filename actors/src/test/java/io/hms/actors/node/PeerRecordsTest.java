package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.sync.PeerId;
import org.junit.jupiter.api.Test;

class PeerRecordsTest {
    @Test
    void shouldForgetTheRecordUpdatedLongestAgoBeyondTheCapacity() {
        PeerRecords<String> records = new PeerRecords<>(2);
        records.put(new PeerId("a"), "a1");
        records.put(new PeerId("b"), "b1");
        records.put(new PeerId("a"), "a2"); // a is now the fresher one

        records.put(new PeerId("c"), "c1");

        assertThat(records.snapshot()).containsOnlyKeys(new PeerId("a"), new PeerId("c"));
        assertThat(records.snapshot().get(new PeerId("a"))).isEqualTo("a2");
    }

    @Test
    void shouldKeepTheOrderInWhichPeersFirstGotARecord() {
        PeerRecords<String> records = new PeerRecords<>(10);
        records.put(new PeerId("b"), "b1");
        records.put(new PeerId("a"), "a1");
        records.put(new PeerId("b"), "b2");

        assertThat(records.snapshot().keySet()).containsExactly(new PeerId("b"), new PeerId("a"));
    }

    @Test
    void shouldStayBoundedWhenPeersComeUnderEverNewIds() {
        PeerRecords<Integer> records = new PeerRecords<>(16);
        for (int i = 0; i < 10_000; i++) {
            records.put(new PeerId("peer-" + i), i);
        }

        assertThat(records.snapshot()).hasSize(16).containsKey(new PeerId("peer-9999"));
    }

    @Test
    void shouldRefuseACapacityBelowOne() {
        assertThatThrownBy(() -> new PeerRecords<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
