package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.testing.TestTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeafHashesTest {
    private static List<HistoricTransaction> items(int n) {
        Random rnd = new Random(3);
        List<HistoricTransaction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    i % 2 == 0
                            ? TestTransactions.transfer(rnd, i, i, 140 + rnd.nextInt(300))
                            : TestTransactions.reward(rnd, i, i));
        }
        return out;
    }

    @Test
    void shouldHoldLeafAndTransactionHashOfEachItemWhenComputed() {
        List<HistoricTransaction> txs = items(9);
        LeafHashes hashes = LeafHashes.of(txs);
        assertThat(hashes.size()).isEqualTo(9);
        for (int i = 0; i < txs.size(); i++) {
            assertThat(hashes.leafHash(i)).isEqualTo(HistoryTree.leafHash(txs.get(i)));
            assertThat(hashes.txHash(i)).isEqualTo(Blake2b.hash(HistoricTransaction.CODEC.encode(txs.get(i))));
        }
    }

    @Test
    void shouldEqualHashesOfTheSubListWhenSlicedOrRebuilt() {
        List<HistoricTransaction> txs = items(20);
        LeafHashes all = LeafHashes.of(txs);
        assertThat(all.slice(5, 12)).isEqualTo(LeafHashes.of(txs.subList(5, 12)));
        assertThat(all.slice(0, 20)).isSameAs(all);
        assertThat(all.slice(7, 7)).isEqualTo(LeafHashes.empty());
        LeafHashes rebuilt = new LeafHashes.Builder()
                .add(all, 3, 8)
                .add(LeafHashes.of(txs.subList(8, 20)), 0, 4)
                .build();
        assertThat(rebuilt).isEqualTo(LeafHashes.of(txs.subList(3, 12)));
    }

    @Test
    void shouldRoundTripWhenSerializedAsBytes() {
        LeafHashes hashes = LeafHashes.of(items(3));
        assertThat(LeafHashes.fromBytes(hashes.toBytes())).isEqualTo(hashes);
        assertThatThrownBy(() -> LeafHashes.fromBytes(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseWhenSliceLiesOutside() {
        LeafHashes hashes = LeafHashes.of(items(3));
        assertThatThrownBy(() -> hashes.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new LeafHashes.Builder().add(hashes, 1, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
