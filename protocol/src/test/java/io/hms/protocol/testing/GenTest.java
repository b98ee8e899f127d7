package io.hms.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Limits;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.model.HistoricData;
import io.hms.protocol.proof.SizeProof;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generators themselves: reproducible, and reaching the edges the property tests rely on. */
class GenTest {

    @Test
    void shouldProduceIdenticalEncodingsWhenSeedIsTheSame() {
        for (WireType<?> type : WireType.ALL) {
            long seed = Seeds.forCase("gen-" + type.name(), 0);
            assertThat(encode(type, new Gen(seed)))
                    .as("%s %s", type, Seeds.describe(seed))
                    .isEqualTo(encode(type, new Gen(seed)));
        }
    }

    @Test
    void shouldProduceDifferentValuesWhenSeedsDiffer() {
        Set<Object> hashes = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            hashes.add(new Gen(i).macroBlock());
        }
        assertThat(hashes).hasSize(100);
    }

    @Test
    void shouldReachEdgeValuesWhenManyNumbersAreDrawn() {
        Gen g = new Gen(Seeds.forCase("gen-edges", 0));
        Set<Long> u32 = new HashSet<>();
        Set<Long> u64 = new HashSet<>();
        Set<Integer> u16 = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            u32.add(g.u32());
            u64.add(g.u64());
            u16.add(g.u16());
        }
        assertThat(u32).contains(0L, 127L, 128L, 0xFFFF_FFFFL);
        assertThat(u64).contains(0L, 127L, 128L, Long.MAX_VALUE, -1L);
        assertThat(u16).contains(0, 0xFFFF);
        assertThat(u32).allMatch(v -> v >= 0 && v <= 0xFFFF_FFFFL);
    }

    @Test
    void shouldReachEmptyAndMaximalListsAndEveryVariantWhenManyValuesAreDrawn() {
        Gen g = new Gen(Seeds.forCase("gen-lists", 0));
        Set<Integer> chunkSizes = new HashSet<>();
        Set<Integer> locatorCounts = new HashSet<>();
        Set<Integer> validatorCounts = new HashSet<>();
        Set<Integer> dataSizes = new HashSet<>();
        Set<Class<?>> kinds = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            chunkSizes.add(g.historyTreeChunk().history().size());
            locatorCounts.add(g.requestMacroChain().locators().size());
            validatorCounts.add(g.validatorSet().size());
            dataSizes.add(g.transfer().data().size());
            HistoricData d = g.historicData();
            SizeProof s = g.sizeProof();
            Envelope e = g.envelope();
            kinds.add(d.getClass());
            kinds.add(s.getClass());
            kinds.add(e.getClass());
            kinds.add(g.response().getClass());
        }
        assertThat(chunkSizes).contains(0, Limits.CHUNK_SIZE);
        assertThat(locatorCounts).contains(0, Limits.MAX_LOCATORS);
        assertThat(validatorCounts).contains(1, Limits.MAX_VALIDATORS);
        assertThat(dataSizes).contains(0, Limits.MAX_TX_DATA);
        assertThat(kinds).hasSize(4 + 3 + 4 + 6);
    }

    private static <T> byte[] encode(WireType<T> type, Gen gen) {
        return type.codec().encode(type.generate(gen));
    }
}
